package dev.weft.it;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Service A takes a request, hops to a worker thread and calls service B over HTTP; B runs its
 * selected methods. Neither service's code knows of tracing: one trace spans both processes.
 */
class TwoServicesIT {

    private static final String A_CONFIG = """
            service: {name: service-a}
            instrument:
              - name: remote
                class: acme.orders.RemoteCalls
                methods: [call]
                trace: true
            exporters:
              otlp:
                endpoint: %s
            """;
    private static final String B_CONFIG = """
            service: {name: service-b}
            instrument:
              - name: checkout
                class: acme.orders.OrderService
                methods: [placeOrder]
                trace: true
            exporters:
              otlp:
                endpoint: %s
            """;
    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String CALLER_SPAN = "00f067aa0ba902b7";

    @Test
    void oneTraceAcrossAThreadHopAndBothHttpClients(@TempDir Path dir) throws Exception {
        Path a = Configs.write(dir, "a.yaml", A_CONFIG.formatted(OtlpReceiver.HTTP_ENDPOINT));
        Path b = Configs.write(dir, "b.yaml", B_CONFIG.formatted(OtlpReceiver.HTTP_ENDPOINT));
        try (OtlpReceiver receiver = OtlpReceiver.start();
             AppProcess serviceB = AppProcess.withAgent("config=" + b + ",port=0").awaitAppAndAgent();
             AppProcess serviceA = AppProcess.withAgent("config=" + a + ",port=0", "-Dorders.logging=log4j")
                     .awaitAppAndAgent()) {
            List<String> clients = List.of("urlconnection", "httpclient", "httpclient-async");
            for (String via : clients) {
                var response = serviceA.app(forward(via, serviceB, "/orders/place?item=book&qty=1"),
                        "traceparent", "00-" + TRACE_ID + "-" + CALLER_SPAN + "-01");
                assertEquals(200, response.statusCode(), response.body());
                assertTrue(response.body().startsWith("200 order "), response.body());
            }
            // Each service exports on its own schedule (a batch, or once a second): wait for all of both.
            await().atMost(Duration.ofSeconds(20)).until(() -> receiver.spans("OrderService.placeOrder").size() == 3
                    && serverSpans(receiver.spans(), "service-a").size() == 3
                    && serverSpans(receiver.spans(), "service-b").size() == 3);

            List<OtlpReceiver.Span> spans = receiver.spans();
            for (OtlpReceiver.Span span : spans) {
                assertEquals(TRACE_ID, span.traceId(), "every span of both services is in the caller's trace: " + span);
            }
            List<OtlpReceiver.Span> serversA = serverSpans(spans, "service-a");
            List<OtlpReceiver.Span> serversB = serverSpans(spans, "service-b");
            assertEquals(3, serversA.size());
            assertEquals(3, serversB.size());
            for (OtlpReceiver.Span serverA : serversA) {
                assertEquals(CALLER_SPAN, serverA.parentSpanId(), "A continues the incoming traceparent");
                assertEquals("GET /", serverA.name());
                assertEquals("/forward", serverA.attributes().get("url.path"));
                assertEquals(200L, ((Number) serverA.attributes().get("http.response.status_code")).longValue());

                OtlpReceiver.Span call = child(spans, serverA, "RemoteCalls.call");
                assertEquals("SPAN_KIND_INTERNAL", call.kind(), "the worker thread's span is the server span's child");
                OtlpReceiver.Span client = child(spans, call, "GET");
                assertEquals("SPAN_KIND_CLIENT", client.kind());
                assertEquals("/orders/place", java.net.URI.create((String) client.attributes().get("url.full")).getPath());
                OtlpReceiver.Span serverB = child(spans, client, "GET /");
                assertEquals("SPAN_KIND_SERVER", serverB.kind());
                assertEquals("service-b", serverB.resource().get("service.name"));
                OtlpReceiver.Span place = child(spans, serverB, "OrderService.placeOrder");
                assertEquals("service-b", place.resource().get("service.name"));
            }

            // Each service's own log lines name the trace and the span they were written in:
            // A logs through SLF4J to Log4j 2, B to Logback.
            for (OtlpReceiver.Span call : receiver.spans("RemoteCalls.call")) {
                assertEquals(1, serviceA.stdoutLinesWith("log4j trace_id=" + TRACE_ID + " span_id=" + call.spanId()
                        + " trace_flags=01 RemoteCalls - calling").size(), String.join("\n", serviceA.stdout()));
            }
            for (OtlpReceiver.Span serverB : serversB) {
                assertEquals(1, serviceB.stdoutLinesWith("logback trace_id=" + TRACE_ID + " span_id=" + serverB.spanId()
                        + " trace_flags=01 OrdersApp - placed order").size(), String.join("\n", serviceB.stdout()));
            }

            Scrape metricsB = new Scrape(serviceB.scrape());
            assertEquals(3, metricsB.value("http_server_request_duration_seconds_count",
                    "http_request_method", "GET", "http_route", "/", "http_response_status_code", "200"));
        }
    }

    @Test
    void exactlyOneTraceparentReachesThePeerAndABadOneStartsANewTrace(@TempDir Path dir) throws Exception {
        Path a = Configs.write(dir, "a.yaml", A_CONFIG.formatted(OtlpReceiver.HTTP_ENDPOINT));
        try (OtlpReceiver receiver = OtlpReceiver.start();
             AppProcess peer = AppProcess.withoutAgent().awaitApp();
             AppProcess serviceA = AppProcess.withAgent("config=" + a + ",port=0").awaitAppAndAgent()) {
            for (String via : List.of("urlconnection", "httpclient", "httpclient-async")) {
                String invalid = "00-" + TRACE_ID.toUpperCase() + "-" + CALLER_SPAN + "-01";
                var response = serviceA.app(forward(via, peer, "/trace-headers"), "traceparent", invalid);
                assertEquals(200, response.statusCode(), response.body());
                String seen = response.body().trim().substring("200 traceparent=".length());
                assertTrue(seen.matches("00-[0-9a-f]{32}-[0-9a-f]{16}-01"), "exactly one, valid: " + seen);
                assertNotEquals(TRACE_ID, seen.substring(3, 35), "an invalid traceparent starts a new trace");
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> serverSpans(receiver.spans(), "service-a").size() == 3);
            for (OtlpReceiver.Span server : serverSpans(receiver.spans(), "service-a")) {
                assertNull(server.parentSpanId(), "a new trace has no parent");
            }
        }
    }

    @Test
    void anUnsampledTraceStillReachesThePeer(@TempDir Path dir) throws Exception {
        Path a = Configs.write(dir, "a.yaml", A_CONFIG.formatted(OtlpReceiver.HTTP_ENDPOINT)
                + "tracing:\n  sampler:\n    ratio: 0.0\n");
        try (OtlpReceiver receiver = OtlpReceiver.start();
             AppProcess peer = AppProcess.withoutAgent().awaitApp();
             AppProcess serviceA = AppProcess.withAgent("config=" + a + ",port=0").awaitAppAndAgent()) {
            var response = serviceA.app(forward("httpclient", peer, "/trace-headers"));
            String seen = response.body().trim().substring("200 traceparent=".length());
            assertTrue(seen.matches("00-[0-9a-f]{32}-[0-9a-f]{16}-00"), "a trace id, marked not sampled: " + seen);
            var continued = serviceA.app(forward("urlconnection", peer, "/trace-headers"),
                    "traceparent", "00-" + TRACE_ID + "-" + CALLER_SPAN + "-00");
            String forwarded = continued.body().trim().substring("200 traceparent=".length());
            assertTrue(forwarded.startsWith("00-" + TRACE_ID + "-") && forwarded.endsWith("-00"),
                    "the caller's unsampled trace goes on downstream: " + forwarded);
            Thread.sleep(2500); // an export cycle and more
            assertEquals(List.of(), receiver.spans(), "nothing sampled, nothing exported");
            assertEquals(2, new Scrape(serviceA.scrape()).value("http_server_request_duration_seconds_count",
                    "http_request_method", "GET", "http_route", "/", "http_response_status_code", "200"),
                    "but every request is measured");
        }
    }

    private static String forward(String via, AppProcess to, String path) {
        return "/forward?via=" + via + "&to=" + to.appPort() + "&path=" + URLEncoder.encode(path, StandardCharsets.UTF_8);
    }

    private static List<OtlpReceiver.Span> serverSpans(List<OtlpReceiver.Span> spans, String service) {
        return spans.stream().filter(s -> s.kind().equals("SPAN_KIND_SERVER")
                && service.equals(s.resource().get("service.name"))).toList();
    }

    private static OtlpReceiver.Span child(List<OtlpReceiver.Span> spans, OtlpReceiver.Span parent, String name) {
        return spans.stream().filter(s -> parent.spanId().equals(s.parentSpanId()) && s.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no span '" + name + "' under " + parent + " in " + spans));
    }

}
