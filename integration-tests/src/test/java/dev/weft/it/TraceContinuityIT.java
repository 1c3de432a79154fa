package dev.weft.it;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A service with a gap in its propagation on purpose: {@code /outbox/send} hands a plain data
 * object to a worker thread of its own through a queue, and the worker calls the ledger, outside
 * the request's trace; {@code /relay} calls the inventory in the request's own thread. Some
 * requests come with a valid upstream {@code traceparent}, some with none, one with a malformed one.
 * {@code /traces/continuity}, {@code /metrics} and the status page count each exactly, find the
 * relay's exit in its traces, and name the worker's method as the one that calls the ledger untraced.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TraceContinuityIT {

    private static final String CONFIG = """
            service: {name: orders}
            exporters:
              otlp:
                endpoint: %s
            """;
    private static final String WORKER = "acme.orders.Outbox.deliver";
    private static final Pattern TRACE_ID = Pattern.compile("00-([0-9a-f]{32})-[0-9a-f]{16}-0[01]");

    private OtlpReceiver receiver;
    private HttpServer inventory;
    private HttpServer ledger;
    private final List<String> inventorySaw = new CopyOnWriteArrayList<>();
    private final List<String> ledgerSaw = new CopyOnWriteArrayList<>();
    private AppProcess app;
    private String inventoryTarget;
    private String ledgerTarget;
    /** The trace ids the upstream requests carried. */
    private final List<String> upstream = new ArrayList<>();

    @BeforeAll
    void startAndDrive(@TempDir Path dir) throws Exception {
        receiver = OtlpReceiver.start();
        inventory = peer("/stock", inventorySaw);
        ledger = peer("/entries", ledgerSaw);
        inventoryTarget = "127.0.0.1:" + inventory.getAddress().getPort();
        ledgerTarget = "127.0.0.1:" + ledger.getAddress().getPort();
        Path config = Configs.write(dir, "orders.yaml", CONFIG.formatted(OtlpReceiver.HTTP_ENDPOINT));
        app = AppProcess.withAgent("config=" + config + ",port=0").awaitAppAndAgent();

        String relay = "/relay?to=" + inventory.getAddress().getPort() + "&path=/stock";
        String outbox = "/outbox/send?to=" + ledger.getAddress().getPort() + "&path=/entries";
        for (int i = 0; i < 3; i++) {
            assertAnswered(app.app(relay, "traceparent", upstream()));
        }
        for (int i = 0; i < 2; i++) {
            assertAnswered(app.app(relay));
        }
        assertAnswered(app.app(relay, "traceparent", "00-not-a-trace-context-01"));
        for (int i = 0; i < 2; i++) {
            assertAnswered(app.app(outbox, "traceparent", upstream()));
        }
        assertAnswered(app.app(outbox));
        // A request is counted as its server span ends, which is after its answer went out.
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            Map<String, Object> entry = only(list(report().get("entries")));
            return ((Number) entry.get("continued")).intValue() + ((Number) entry.get("new")).intValue() == 9;
        });
    }

    @AfterAll
    void stop() throws Exception {
        if (app != null) {
            app.close();
        }
        for (HttpServer peer : new HttpServer[]{inventory, ledger}) {
            if (peer != null) {
                peer.stop(0);
            }
        }
        if (receiver != null) {
            receiver.close();
        }
    }

    @Test
    void theReportCountsEntriesExactlyAndNamesTheWorkerThatCallsOutsideAnyTrace() throws Exception {
        Map<String, Object> report = report();
        assertEquals(true, report.get("tracing"));
        assertEquals(List.of(Map.of("kind", "http_server", "name", "/", "continued", 5, "new", 4, "verdict", "partial")),
                report.get("entries"), "5 requests with a valid traceparent, 3 without one, 1 with a malformed one");
        assertEquals(List.of(
                Map.of("kind", "http_client", "target", inventoryTarget, "calls", 6, "untraced", 0, "verdict", "ok",
                        "callers", List.of()),
                Map.of("kind", "http_client", "target", ledgerTarget, "calls", 3, "untraced", 3, "verdict", "broken",
                        "callers", List.of(Map.of("method", WORKER, "untraced", 3)))),
                byTarget(list(report.get("exits"))));
    }

    @Test
    void theMetricsCountEachEntryExitAndCaller() throws Exception {
        Scrape metrics = new Scrape(app.scrape());
        assertEquals(5, metrics.value("weft_trace_continuity_entries_total", "kind", "http_server", "name", "/",
                "upstream", "continued"));
        assertEquals(4, metrics.value("weft_trace_continuity_entries_total", "kind", "http_server", "name", "/",
                "upstream", "new"));
        assertEquals(6, metrics.value("weft_trace_continuity_exits_total", "kind", "http_client", "target", inventoryTarget));
        assertEquals(3, metrics.value("weft_trace_continuity_exits_total", "kind", "http_client", "target", ledgerTarget));
        assertEquals(3, metrics.value("weft_trace_continuity_untraced_exits_total", "kind", "http_client",
                "target", ledgerTarget, "caller", WORKER));
        assertEquals(1, metrics.all("weft_trace_continuity_untraced_exits_total").size(),
                "only the ledger is called untraced: " + metrics.all("weft_trace_continuity_untraced_exits_total"));
    }

    @Test
    void theStatusPageShowsTheBrokenExitAndItsCaller() throws Exception {
        String page = app.weft("/").body();
        Matcher broken = Pattern.compile("<p class=\"check down\" data-broken-exit=\"([^\"]*)\">(.*?)</p>").matcher(page);
        assertTrue(broken.find(), page);
        assertEquals(ledgerTarget, broken.group(1));
        assertTrue(broken.group(2).contains("3 of 3 http_client calls") && broken.group(2).contains(WORKER),
                broken.group(2));
        assertFalse(broken.find(), "one broken exit only");
        assertTrue(row(page, "data-exit", inventoryTarget).contains("<span class=\"badge healthy\">ok</span>"), page);
        assertTrue(row(page, "data-exit", ledgerTarget).contains("<span class=\"badge down\">broken</span>"), page);
        assertTrue(row(page, "data-entry", "/").contains("<td>5</td><td>4</td>"), page);
    }

    @Test
    void thePeersSawTheRelayInItsCallersTraceAndTheQueuedCallsInNone() {
        assertEquals(6, inventorySaw.size());
        assertEquals(upstream.subList(0, 3), inventorySaw.subList(0, 3).stream().map(TraceContinuityIT::traceId).toList(),
                "the relay continues each upstream trace");
        assertEquals(3, ledgerSaw.size());
        for (String traceparent : ledgerSaw) {
            assertFalse(upstream.contains(traceId(traceparent)), "the worker's call is in no request's trace: "
                    + traceparent);
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> receiver.spans().stream()
                .filter(s -> s.kind().equals("SPAN_KIND_CLIENT")).count() == 9);
        List<OtlpReceiver.Span> queued = receiver.spans().stream().filter(s -> s.kind().equals("SPAN_KIND_CLIENT")
                && ("http://" + ledgerTarget + "/entries").equals(s.attributes().get("url.full"))).toList();
        assertEquals(3, queued.size(), receiver.spans().toString());
        queued.forEach(span -> assertTrue(span.isRoot(), "a trace of its own: " + span));
    }

    /** A real HTTP peer that keeps the {@code traceparent} of each request. */
    private static HttpServer peer(String path, List<String> saw) throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        server.createContext(path, exchange -> {
            saw.add(String.join("|", exchange.getRequestHeaders().getOrDefault("traceparent", List.of())));
            byte[] answer = "ok".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, answer.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer);
            }
        });
        server.start();
        return server;
    }

    /** A fresh valid upstream {@code traceparent}, remembered. */
    private String upstream() {
        String traceId = String.format("%032x", System.nanoTime() ^ ((long) upstream.size() << 56));
        upstream.add(traceId);
        return "00-" + traceId + "-00f067aa0ba902b7-01";
    }

    private static String traceId(String traceparent) {
        Matcher m = TRACE_ID.matcher(traceparent);
        assertTrue(m.matches(), "one valid traceparent: " + traceparent);
        return m.group(1);
    }

    private static void assertAnswered(HttpResponse<String> response) {
        assertEquals(200, response.statusCode(), response.body());
        assertEquals("200 ok", response.body().trim());
    }

    private Map<String, Object> report() throws Exception {
        HttpResponse<String> response = app.weft("/traces/continuity");
        assertEquals(200, response.statusCode(), response.body());
        return new Yaml(new LoaderOptions()).load(response.body());
    }

    private List<Object> byTarget(List<Map<String, Object>> exits) {
        return exits.stream().sorted(java.util.Comparator.comparing(e -> !e.get("target").equals(inventoryTarget)))
                .map(e -> (Object) e).toList();
    }

    private static String row(String page, String attribute, String value) {
        Matcher m = Pattern.compile("<tr " + attribute + "=\"" + Pattern.quote(value) + "\">(.*?)</tr>").matcher(page);
        assertTrue(m.find(), attribute + "=" + value + " in\n" + page);
        return m.group(1);
    }

    private static Map<String, Object> only(List<Map<String, Object>> rows) {
        assertEquals(1, rows.size(), rows.toString());
        return rows.get(0);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(Object value) {
        return (List<Map<String, Object>>) value;
    }
}
