package dev.weft.it;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A Kotlin service whose requests run coroutines: the trace of the request follows them across
 * dispatchers and suspensions into every call they make, on whichever thread, and stays out of the
 * service's own coroutines and of the next request.
 */
class CoroutinesIT {

    private static final Path COROUTINES_JAR = Paths.get(System.getProperty("weft.coroutines.jar"));
    private static final List<String> FETCH_CALLS = List.of("/from-default", "/from-unconfined", "/from-async-1",
            "/from-async-2");

    @Test
    void everyCallARequestsCoroutinesMakeIsAChildOfItsServerSpanAndNothingLeaks(@TempDir Path dir) throws Exception {
        Path config = Configs.write(dir, "weft.yaml", """
                exporters:
                  otlp:
                    endpoint: %s
                """.formatted(OtlpReceiver.HTTP_ENDPOINT));
        try (OtlpReceiver receiver = OtlpReceiver.start(); Peer peer = new Peer();
             AppProcess app = AppProcess.jarWithAgent(COROUTINES_JAR, "config=" + config + ",port=0").awaitAppAndAgent()) {
            String fetch = "/fetch?peer=" + URLEncoder.encode(peer.url(), StandardCharsets.UTF_8);
            List<String> traces = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                int before = peer.received().size();
                var response = app.app(fetch);
                assertEquals(200, response.statusCode(), response.body());
                assertCallsWentOutFromOtherThreads(response.body());
                List<Received> calls = peer.received().subList(before, peer.received().size());
                assertEquals(FETCH_CALLS, calls.stream().map(Received::path).sorted(
                        java.util.Comparator.comparingInt(FETCH_CALLS::indexOf)).toList());
                String trace = calls.get(0).traceId();
                for (Received call : calls) {
                    assertEquals(trace, call.traceId(), "every call of one request is in its trace: " + calls);
                }
                traces.add(trace);
            }
            assertNotEquals(traces.get(0), traces.get(1), "the second request, on the same dispatchers' threads, "
                    + "is in a trace of its own");

            // The service's own coroutine, started with it, makes a call a request queued for it.
            int before = peer.received().size();
            var queued = app.app("/queue?peer=" + URLEncoder.encode(peer.url(), StandardCharsets.UTF_8));
            assertEquals(200, queued.statusCode(), queued.body());
            assertEquals("queued 200", queued.body().trim());
            Received queuedCall = peer.received().get(before);
            assertEquals("/queued", queuedCall.path());

            // Every request's SERVER span ends last: once all three are in, every span is.
            await().atMost(Duration.ofSeconds(20)).until(() -> receiver.spans().stream()
                    .filter(s -> s.kind().equals("SPAN_KIND_SERVER")).count() == 3);
            List<OtlpReceiver.Span> all = receiver.spans();
            for (String trace : traces) {
                List<OtlpReceiver.Span> servers = all.stream()
                        .filter(s -> s.traceId().equals(trace) && s.kind().equals("SPAN_KIND_SERVER")).toList();
                assertEquals(1, servers.size(), "one request, one trace: " + servers);
                OtlpReceiver.Span server = servers.get(0);
                assertEquals("/fetch", server.attributes().get("url.path"));
                List<OtlpReceiver.Span> clients = all.stream()
                        .filter(s -> s.traceId().equals(trace) && s.kind().equals("SPAN_KIND_CLIENT")).toList();
                assertEquals(FETCH_CALLS.size(), clients.size(), clients.toString());
                for (OtlpReceiver.Span client : clients) {
                    assertEquals(server.spanId(), client.parentSpanId(), "the call's parent is the request: " + client);
                }
                for (Received call : peer.received()) {
                    if (call.traceId().equals(trace)) {
                        assertTrue(clients.stream().anyMatch(c -> c.spanId().equals(call.parentId())),
                                "the peer's parent is the call's CLIENT span: " + call);
                    }
                }
            }
            OtlpReceiver.Span queueServer = all.stream().filter(s -> "/queue".equals(s.attributes().get("url.path")))
                    .findFirst().orElseThrow();
            assertNotEquals(queueServer.traceId(), queuedCall.traceId(),
                    "a coroutine started outside any request is in none of the requests' traces");
            assertTrue(!traces.contains(queuedCall.traceId()), queuedCall.toString());
            OtlpReceiver.Span queuedClient = all.stream().filter(s -> s.spanId().equals(queuedCall.parentId()))
                    .findFirst().orElseThrow(() -> new AssertionError("no CLIENT span for " + queuedCall));
            assertTrue(queuedClient.isRoot(), "the service's own call starts its own trace: " + queuedClient);
            assertEquals(List.of(), app.stderrLinesWith("skipped"), "kotlinx-coroutines was woven");
        }
    }

    /** Each call went out after a suspension, on another thread than the request's. */
    private static void assertCallsWentOutFromOtherThreads(String body) {
        List<String[]> steps = body.lines().map(line -> line.split(" ")).toList();
        String handler = steps.get(0)[1];
        assertEquals("handler", steps.get(0)[0], body);
        List<String[]> calls = steps.stream().filter(step -> step.length == 3).toList();
        assertEquals(FETCH_CALLS.size(), calls.size(), body);
        for (String[] call : calls) {
            assertNotEquals(handler, call[1], "called from another thread: " + body);
            assertEquals("200", call[2], body);
        }
        assertTrue(steps.stream().anyMatch(s -> s[0].equals("default") && s[1].startsWith("DefaultDispatcher-worker")),
                body);
        assertTrue(steps.stream().anyMatch(s -> s[0].equals("unconfined") && s[1].startsWith("kotlinx.coroutines.DefaultExecutor")),
                body);
    }

    /** What the peer got: the path and the one {@code traceparent}'s trace and parent ids. */
    private record Received(String path, String traceId, String parentId) {
    }

    /** A JDK HTTP server that answers 200 and records each request's {@code traceparent}. */
    private static final class Peer implements AutoCloseable {

        private final HttpServer server;
        private final List<Received> received = new CopyOnWriteArrayList<>();

        Peer() throws IOException {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/", exchange -> {
                List<String> traceparent = exchange.getRequestHeaders().getOrDefault("traceparent", List.of());
                String[] parts = traceparent.size() == 1 ? traceparent.get(0).split("-") : new String[4];
                received.add(new Received(exchange.getRequestURI().getPath(), parts[1], parts[2]));
                exchange.sendResponseHeaders(200, -1);
                exchange.close();
            });
            server.start();
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort();
        }

        List<Received> received() {
            return received;
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }
}
