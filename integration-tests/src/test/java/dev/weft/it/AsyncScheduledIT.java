package dev.weft.it;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A Spring Boot 4 service whose work Spring runs: a request hands a report to an {@code @Async}
 * method that posts it to a peer (this test's own HTTP server, which keeps the {@code traceparent}
 * it got), and two {@code @Scheduled} jobs run by themselves. Both are selected by their method
 * annotations alone. On platform threads, and on virtual threads (Spring Boot's
 * {@code spring.threads.virtual.enabled}, Java 21 and later).
 */
class AsyncScheduledIT {

    private static final Path JOBS_JAR = Paths.get(System.getProperty("weft.jobs.boot.jar"));
    private static final int FEATURE = AppProcess.EXPECTED_FEATURE.isEmpty()
            ? Runtime.version().feature() : Integer.parseInt(AppProcess.EXPECTED_FEATURE);
    private static final String CONFIG = """
            service: {name: jobs}
            instrument:
              - name: scheduled
                method-annotated: org.springframework.scheduling.annotation.Scheduled
                record: [count]
              - name: async
                method-annotated: org.springframework.scheduling.annotation.Async
                record: [count]
                trace: true
            exporters:
              otlp:
                endpoint: %s
            """;
    private static final Pattern TRACEPARENT = Pattern.compile("00-([0-9a-f]{32})-([0-9a-f]{16})-01");
    private static final Pattern RUNS = Pattern.compile("beat=(\\d+) sweep=(\\d+)");

    private static OtlpReceiver receiver;
    private static HttpServer peer;
    private static final List<String> traceparents = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void startReceiverAndPeer() throws Exception {
        receiver = OtlpReceiver.start();
        peer = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        peer.createContext("/reports", exchange -> {
            traceparents.add(String.join("|", exchange.getRequestHeaders().getOrDefault("traceparent", List.of())));
            byte[] answer = ("received " + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8))
                    .getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, answer.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer);
            }
        });
        peer.start();
    }

    @AfterAll
    static void stopReceiverAndPeer() throws Exception {
        if (peer != null) {
            peer.stop(0);
        }
        if (receiver != null) {
            receiver.close();
        }
    }

    @Test
    void onPlatformThreads(@TempDir Path dir) throws Exception {
        requestAsyncCallOneTraceAndScheduledRunsCountedExactly(dir, false);
    }

    @Test
    void onVirtualThreads(@TempDir Path dir) throws Exception {
        assumeTrue(FEATURE >= 21, "Spring Boot runs on virtual threads from Java 21; this is Java " + FEATURE);
        requestAsyncCallOneTraceAndScheduledRunsCountedExactly(dir, true);
    }

    private void requestAsyncCallOneTraceAndScheduledRunsCountedExactly(Path dir, boolean virtual) throws Exception {
        Path config = Configs.write(dir, "weft.yaml", CONFIG.formatted(OtlpReceiver.HTTP_ENDPOINT));
        List<String> command = new ArrayList<>(List.of(AppProcess.JAVA,
                "-javaagent:" + AppProcess.AGENT_JAR + "=config=" + config + ",port=0", "-jar", JOBS_JAR.toString(),
                "--server.port=0", "--spring.threads.virtual.enabled=" + virtual));
        traceparents.clear();
        try (AppProcess app = AppProcess.command(command).awaitAppAndAgent()) {
            String report = virtual ? "virtual-weekly" : "platform-weekly";
            HttpResponse<String> sent = app.app("/reports/send?report=" + report + "&peer=http://127.0.0.1:"
                    + peer.getAddress().getPort() + "/reports");
            assertEquals(200, sent.statusCode(), sent.body());
            assertTrue(sent.body().startsWith("received " + report + " from "), sent.body());
            assertEquals(virtual, sent.body().contains("VirtualThread["), "the @Async method ran on " + sent.body());

            theAsyncMethodIsTracedAndItsCallIsItsChild(app);
            scheduledRunsAreCountedExactly(app);

            Scrape scrape = new Scrape(app.scrape());
            assertEquals(0, scrape.value("weft_weave_errors_total"));
            assertEquals(List.of(), app.stderrLinesWith("could not"), String.join("\n", app.stderr()));
        }
    }

    /**
     * The request, the {@code @Async} method it handed to Spring's executor and that method's call
     * to the peer are one trace, each the child of the one before; the peer's parent is the client span.
     */
    private void theAsyncMethodIsTracedAndItsCallIsItsChild(AppProcess app) throws Exception {
        assertEquals(1, traceparents.size(), traceparents.toString());
        Matcher seen = TRACEPARENT.matcher(traceparents.get(0));
        assertTrue(seen.matches(), "the peer got a traceparent: '" + traceparents.get(0) + "'");
        String traceId = seen.group(1);

        // One trace: the request's SERVER span, the @Async method under it, the call to the peer under that.
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertEquals(3, inTrace(traceId).size(),
                "the request, the @Async method and its call in " + traceId + " among " + receiver.spans()));
        List<OtlpReceiver.Span> spans = inTrace(traceId);
        OtlpReceiver.Span server = only(spans, "SPAN_KIND_SERVER");
        OtlpReceiver.Span async = only(spans, "SPAN_KIND_INTERNAL");
        OtlpReceiver.Span client = only(spans, "SPAN_KIND_CLIENT");
        assertTrue(server.isRoot(), "the request starts the trace: " + server);
        assertEquals("ReportSender.send", async.name());
        assertEquals(server.spanId(), async.parentSpanId(), "the @Async method is a child of the request");
        assertEquals(async.spanId(), client.parentSpanId(), "the call to the peer is a child of the @Async method");
        assertEquals(client.spanId(), seen.group(2), "the peer's parent is the client span");
        assertEquals("jobs", async.resource().get("service.name"));

        assertEquals(1, new Scrape(app.scrape()).value("weft_method_calls_total", "selector", "async",
                "class", "acme.jobs.ReportSender", "method", "send"));
    }

    private static void scheduledRunsAreCountedExactly(AppProcess app) throws Exception {
        // Let each job run a few times, then stop them: a run already handed to a thread may still
        // finish, so the two counts are compared once both have stopped moving, and must then be equal.
        await().atMost(Duration.ofSeconds(20)).until(() -> runs(app, "/scheduling/runs")[1] >= 3);
        HttpResponse<String> stopped = AppProcess.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + app.appPort() + "/scheduling/stop"))
                .POST(HttpRequest.BodyPublishers.noBody()).build());
        assertEquals(200, stopped.statusCode(), stopped.body());
        long[][] last = new long[1][];
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(300)).until(() -> {
            long[] appCounts = runs(app, "/scheduling/runs");
            Scrape scrape = new Scrape(app.scrape());
            long[] weftCounts = {(long) scheduled(scrape, "beat"), (long) scheduled(scrape, "sweep")};
            long[] now = {appCounts[0], appCounts[1], weftCounts[0], weftCounts[1]};
            boolean settled = last[0] != null && java.util.Arrays.equals(last[0], now);
            last[0] = now;
            return settled && now[0] == now[2] && now[1] == now[3];
        });
        long[] counts = last[0];
        assertTrue(counts[0] >= 3 && counts[1] >= 3, java.util.Arrays.toString(counts));

        Scrape scrape = new Scrape(app.scrape());
        assertEquals(counts[0], scheduled(scrape, "beat"), "every fixed-rate run, once");
        assertEquals(counts[1], scheduled(scrape, "sweep"), "every fixed-delay run, once");
        assertEquals(2, scrape.value("weft_woven_methods", "selector", "scheduled"));
        assertFalse(scrape.has("weft_method_calls_total", "selector", "scheduled", "method", "runs"));

        String selectors = app.weft("/selectors").body();
        assertTrue(selectors.contains("{\"name\":\"scheduled\",\"line\":3,"
                + "\"method-annotated\":\"org.springframework.scheduling.annotation.Scheduled\",\"methods\":[],"
                + "\"record\":[\"count\"],\"wovenMethods\":2,\"woven\":[{\"class\":\"acme.jobs.Heartbeats\",\"method\":\"beat\","
                + "\"signatures\":[\"beat()\"],\"calls\":" + counts[0] + ","), selectors);
        assertTrue(selectors.contains("{\"class\":\"acme.jobs.Heartbeats\",\"method\":\"sweep\",\"signatures\":[\"sweep()\"],"
                + "\"calls\":" + counts[1] + ","), selectors);
        assertTrue(selectors.contains("{\"name\":\"async\",\"line\":6,"
                + "\"method-annotated\":\"org.springframework.scheduling.annotation.Async\""), selectors);
    }

    private static double scheduled(Scrape scrape, String method) {
        return scrape.value("weft_method_calls_total", "selector", "scheduled", "class", "acme.jobs.Heartbeats",
                "method", method);
    }

    /** The app's own counts of its two jobs' runs. */
    private static long[] runs(AppProcess app, String path) throws Exception {
        String body = app.app(path).body().trim();
        Matcher m = RUNS.matcher(body);
        assertTrue(m.matches(), body);
        return new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2))};
    }

    private static List<OtlpReceiver.Span> inTrace(String traceId) {
        return receiver.spans().stream().filter(s -> s.traceId().equals(traceId)).toList();
    }

    private static List<OtlpReceiver.Span> named(String traceId, String name) {
        return inTrace(traceId).stream().filter(s -> s.name().equals(name)).toList();
    }

    private static OtlpReceiver.Span only(List<OtlpReceiver.Span> spans, String kind) {
        List<OtlpReceiver.Span> ofKind = spans.stream().filter(s -> s.kind().equals(kind)).toList();
        assertEquals(1, ofKind.size(), kind + " in " + spans);
        return ofKind.get(0);
    }
}
