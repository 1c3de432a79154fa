package dev.weft.it;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A service calls a peer with {@code HttpURLConnection} the ways real code does (the body first, the
 * status first, a POST, an error status, a peer that is not there): each request is exactly one
 * CLIENT span with its status or its failure, the peer sees that span's {@code traceparent} once,
 * and the client histogram counts each request once, under its status.
 */
class UrlConnectionIT {

    private static final String CONFIG = """
            service: {name: caller}
            exporters:
              otlp:
                endpoint: %s
            """;

    @Test
    void eachRequestIsOneClientSpanWithItsStatusAndIsCountedOnce(@TempDir Path dir) throws Exception {
        Path config = Configs.write(dir, "caller.yaml", CONFIG.formatted(OtlpReceiver.HTTP_ENDPOINT));
        int absent = closedPort();
        try (OtlpReceiver receiver = OtlpReceiver.start();
             AppProcess peer = AppProcess.withoutAgent().awaitApp();
             AppProcess caller = AppProcess.withAgent("config=" + config + ",port=0").awaitAppAndAgent()) {
            Set<String> seen = new java.util.HashSet<>();
            for (String via : List.of("urlconnection", "urlconnection-status", "urlconnection-post")) {
                var response = caller.app(forward(via, peer.appPort(), "/trace-headers"));
                assertEquals(200, response.statusCode(), response.body());
                String traceparent = response.body().trim().substring("200 traceparent=".length());
                assertTrue(traceparent.matches("00-[0-9a-f]{32}-[0-9a-f]{16}-01"), "exactly one: " + traceparent);
                seen.add(traceparent);
            }
            var notFound = caller.app(forward("urlconnection-status", peer.appPort(), "/orders/get?id=424242"));
            assertTrue(notFound.body().startsWith("404 "), notFound.body());
            var refused = caller.app(forward("urlconnection", absent, "/ping"));
            assertEquals(500, refused.statusCode(), refused.body());

            // A client span ends before the server span of the request it was made in, and both go
            // out through one queue: once the five server spans are in, every client span is.
            await().atMost(Duration.ofSeconds(20)).until(() -> kind(receiver.spans(), "SPAN_KIND_SERVER").size() == 5);
            List<OtlpReceiver.Span> clients = kind(receiver.spans(), "SPAN_KIND_CLIENT");
            assertEquals(5, clients.size(), "one CLIENT span per request: " + clients);

            String peerBase = "http://127.0.0.1:" + peer.appPort();
            List<OtlpReceiver.Span> traced = clients.stream()
                    .filter(s -> (peerBase + "/trace-headers").equals(s.attributes().get("url.full"))).toList();
            assertEquals(3, traced.size(), clients.toString());
            assertEquals(seen, traced.stream().map(s -> "00-" + s.traceId() + "-" + s.spanId() + "-01")
                    .collect(Collectors.toSet()), "the peer saw each span's own traceparent");
            assertEquals(Map.of("GET", 2L, "POST", 1L), traced.stream().collect(Collectors.groupingBy(
                    s -> (String) s.attributes().get("http.request.method"), Collectors.counting())));
            for (OtlpReceiver.Span span : traced) {
                assertEquals(200L, number(span, "http.response.status_code"), span.toString());
                assertEquals("127.0.0.1", span.attributes().get("server.address"));
                assertEquals((long) peer.appPort(), number(span, "server.port"));
                assertFalse(span.isError(), span.toString());
            }

            OtlpReceiver.Span missing = only(clients, peerBase + "/orders/get");
            assertEquals(404L, number(missing, "http.response.status_code"));
            assertEquals("404", missing.attributes().get("error.type"));
            assertTrue(missing.isError(), missing.toString());

            OtlpReceiver.Span failed = only(clients, "http://127.0.0.1:" + absent + "/ping");
            assertNull(failed.attributes().get("http.response.status_code"), failed.toString());
            assertEquals("java.net.ConnectException", failed.attributes().get("error.type"));
            assertTrue(failed.isError(), failed.toString());

            Scrape metrics = new Scrape(caller.scrape());
            String client = "http_client_request_duration_seconds_count";
            String port = Integer.toString(peer.appPort());
            assertEquals(2, metrics.value(client, "http_request_method", "GET", "server_port", port,
                    "http_response_status_code", "200", "error_type", ""));
            assertEquals(1, metrics.value(client, "http_request_method", "POST", "server_port", port,
                    "http_response_status_code", "200", "error_type", ""));
            assertEquals(1, metrics.value(client, "http_request_method", "GET", "server_port", port,
                    "http_response_status_code", "404", "error_type", "404"));
            assertEquals(1, metrics.value(client, "http_request_method", "GET", "server_port", Integer.toString(absent),
                    "http_response_status_code", "", "error_type", "java.net.ConnectException"));
            assertEquals(5, metrics.all(client).stream().mapToDouble(Scrape.Series::value).sum(),
                    "five requests, counted once each: " + metrics.all(client));
        }
    }

    private static String forward(String via, int port, String path) {
        return "/forward?via=" + via + "&to=" + port + "&path=" + URLEncoder.encode(path, StandardCharsets.UTF_8);
    }

    private static List<OtlpReceiver.Span> kind(List<OtlpReceiver.Span> spans, String kind) {
        return spans.stream().filter(s -> s.kind().equals(kind)).toList();
    }

    private static OtlpReceiver.Span only(List<OtlpReceiver.Span> spans, String url) {
        List<OtlpReceiver.Span> found = spans.stream().filter(s -> url.equals(s.attributes().get("url.full"))).toList();
        assertEquals(1, found.size(), url + " in " + spans);
        return found.get(0);
    }

    private static long number(OtlpReceiver.Span span, String attribute) {
        return ((Number) span.attributes().get(attribute)).longValue();
    }

    /** A port nothing listens on: one just bound and let go. */
    private static int closedPort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
