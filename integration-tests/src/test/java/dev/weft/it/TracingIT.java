package dev.weft.it;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Spans from {@code trace: true} selectors, as a real OTLP receiver gets them. */
class TracingIT {

    private static final String TRACED = """
            service:
              name: orders-traced
            instrument:
              - name: checkout
                class: acme.orders.OrderService
                methods: [placeOrder, find]
                record: [timer, count, errors]
                trace: true
              - name: repository
                implements: acme.orders.OrderRepository
                trace: true
              - name: pricing
                class: acme.orders.pricing.PriceCalculator
                trace: true
                span-name: "pricing {method}"
            """;
    private static final String PLACE = "/orders/place?item=book&qty=2";

    @Test
    void tracedMethodsBecomeNestedSpansWithCodeAttributesAndErrors(@TempDir Path dir) throws Exception {
        Path config = Configs.write(dir, "weft.yaml", TRACED + """
                exporters:
                  otlp:
                    endpoint: %s
                    interval: 1s
                """.formatted(OtlpReceiver.HTTP_ENDPOINT));
        try (OtlpReceiver receiver = OtlpReceiver.start();
             AppProcess app = AppProcess.withAgent("config=" + config + ",port=0").awaitAppAndAgent()) {
            assertEquals(200, app.app(PLACE).statusCode());
            assertEquals(404, app.app("/orders/get?id=999").statusCode());
            app.awaitStderr("OTLP export: spans to " + OtlpReceiver.HTTP_ENDPOINT + "/v1/traces (http/protobuf), sampler ratio 1.0; "
                    + "metrics to " + OtlpReceiver.HTTP_ENDPOINT + "/v1/metrics every 1000 ms");
            // Both requests' SERVER spans end last: once both are in, every span is.
            await().atMost(Duration.ofSeconds(20)).until(() -> receiver.spans("GET /").size() == 2
                    && receiver.spans("OrderService.find").size() == 1 && receiver.spans("pricing price").size() == 1);

            OtlpReceiver.Span place = receiver.spans("OrderService.placeOrder").get(0);
            OtlpReceiver.Span request = receiver.spans().stream()
                    .filter(span -> span.spanId().equals(place.parentSpanId())).findFirst().orElseThrow();
            assertEquals("GET /", request.name(), "the request's SERVER span is the parent");
            assertEquals("SPAN_KIND_SERVER", request.kind());
            assertEquals("/orders/place", request.attributes().get("url.path"));
            assertEquals("SPAN_KIND_INTERNAL", place.kind());
            assertEquals("acme.orders.OrderService", place.attributes().get("code.namespace"));
            assertEquals("acme.orders.OrderService.placeOrder", place.attributes().get("code.function.name"));
            assertFalse(place.isError());

            OtlpReceiver.Span save = receiver.spans("InMemoryOrderRepository.save").get(0);
            assertEquals(place.traceId(), save.traceId(), "a traced method called inside another is in its trace");
            assertEquals(place.spanId(), save.parentSpanId(), "and its child");

            OtlpReceiver.Span price = receiver.spans("pricing price").get(0);
            assertEquals(request.spanId(), price.parentSpanId(), "price runs after placeOrder returned, in the same request");

            OtlpReceiver.Span find = receiver.spans("OrderService.find").get(0);
            assertTrue(find.isError(), find.toString());
            assertEquals("acme.orders.OrderNotFoundException", find.status().get("message"));
            Map<String, Object> exception = find.events().get(0);
            assertEquals("exception", exception.get("name"));
            Map<String, Object> details = OtlpReceiver.map(exception.get("attributes"));
            assertEquals("acme.orders.OrderNotFoundException", details.get("exception.type"));
            assertEquals("no order 999", details.get("exception.message"));
            OtlpReceiver.Span lookup = receiver.spans("InMemoryOrderRepository.find").get(0);
            assertEquals(find.spanId(), lookup.parentSpanId());

            Map<String, Object> resource = place.resource();
            assertEquals("orders-traced", resource.get("service.name"));
            assertEquals(app.pid(), ((Number) resource.get("process.pid")).longValue());
            assertEquals("weft", resource.get("telemetry.distro.name"));
            assertEquals("java", resource.get("telemetry.sdk.language"));
            assertNotNull(resource.get("service.instance.id"));
            assertNotNull(resource.get("host.name"));

            Scrape scrape = new Scrape(app.scrape());
            assertEquals(1, scrape.value("weft_method_calls_total", "selector", "checkout", "method", "placeOrder"),
                    "traced methods are measured too");
            await().atMost(Duration.ofSeconds(10)).until(() ->
                    new Scrape(app.scrape()).value("weft_spans_exported_total") == receiver.spans().size());
            assertEquals(0, new Scrape(app.scrape()).value("weft_spans_dropped_total"));
        }
    }

    @Test
    void theRegistryIsPushedAsOtlpMetrics(@TempDir Path dir) throws Exception {
        Path config = Configs.write(dir, "weft.yaml", TRACED + """
                exporters:
                  otlp:
                    endpoint: %s
                    interval: 1s
                """.formatted(OtlpReceiver.HTTP_ENDPOINT));
        try (OtlpReceiver receiver = OtlpReceiver.start();
             AppProcess app = AppProcess.withAgent("config=" + config + ",port=0").awaitAppAndAgent()) {
            for (int i = 0; i < 3; i++) {
                assertEquals(200, app.app(PLACE).statusCode());
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> placeOrder(receiver, "weft_method_calls") != null
                    && ((Number) placeOrder(receiver, "weft_method_calls").get("asDouble")).intValue() == 3);

            Map<String, Object> calls = OtlpReceiver.map(receiver.metrics().get("weft_method_calls").get("sum"));
            assertEquals(Boolean.TRUE, calls.get("isMonotonic"));
            assertEquals(2, ((Number) calls.get("aggregationTemporality")).intValue(), "2: AGGREGATION_TEMPORALITY_CUMULATIVE");

            Map<String, Object> duration = receiver.metrics().get("weft_method_duration_seconds");
            assertEquals("s", duration.get("unit"));
            Map<String, Object> histogramPoint = placeOrder(receiver, "weft_method_duration_seconds");
            assertEquals("3", String.valueOf(histogramPoint.get("count")));
            List<?> bounds = (List<?>) histogramPoint.get("explicitBounds");
            assertEquals(14, bounds.size(), "the configured buckets: " + bounds);
            assertEquals(15, ((List<?>) histogramPoint.get("bucketCounts")).size(), "plus +Inf");
            assertTrue(receiver.metrics().containsKey("weft_woven_methods"), "gauges too");
        }
    }

    @Test
    void spansAndMetricsGoOutOverGrpcToo(@TempDir Path dir) throws Exception {
        Path config = Configs.write(dir, "weft.yaml", TRACED + """
                exporters:
                  otlp:
                    endpoint: %s
                    protocol: grpc
                    interval: 1s
                """.formatted(OtlpReceiver.GRPC_ENDPOINT));
        try (OtlpReceiver receiver = OtlpReceiver.start();
             AppProcess app = AppProcess.withAgent("config=" + config + ",port=0").awaitAppAndAgent()) {
            assertEquals(200, app.app(PLACE).statusCode());
            app.awaitStderr("OTLP export: spans to " + OtlpReceiver.GRPC_ENDPOINT + " (grpc)");
            await().atMost(Duration.ofSeconds(20)).until(() -> receiver.spans("InMemoryOrderRepository.save").size() == 1
                    && receiver.spans("OrderService.placeOrder").size() == 1
                    && placeOrder(receiver, "weft_method_calls") != null
                    && ((Number) placeOrder(receiver, "weft_method_calls").get("asDouble")).intValue() == 1);
            OtlpReceiver.Span place = receiver.spans("OrderService.placeOrder").get(0);
            assertEquals(place.spanId(), receiver.spans("InMemoryOrderRepository.save").get(0).parentSpanId());
            assertEquals("orders-traced", place.resource().get("service.name"));
            assertEquals(1, ((Number) placeOrder(receiver, "weft_method_calls").get("asDouble")).intValue());
            assertEquals(0, new Scrape(app.scrape()).value("weft_spans_dropped_total"));
        }
    }

    /** The latest data point of a metric for checkout's placeOrder, or null. */
    private static Map<String, Object> placeOrder(OtlpReceiver receiver, String metric) {
        Map<String, Object> data = receiver.metrics().get(metric);
        if (data == null) {
            return null;
        }
        Map<String, Object> body = OtlpReceiver.map(data.getOrDefault("sum", data.get("histogram")));
        for (Map<String, Object> point : OtlpReceiver.list(body.get("dataPoints"))) {
            Map<String, Object> attributes = OtlpReceiver.map(point.get("attributes"));
            if ("checkout".equals(attributes.get("selector")) && "placeOrder".equals(attributes.get("method"))) {
                return point;
            }
        }
        return null;
    }

    @Test
    void unsampledTracesExportNothingButEveryCallIsMeasured(@TempDir Path dir) throws Exception {
        Path config = Configs.write(dir, "weft.yaml", TRACED + """
                tracing:
                  sampler:
                    ratio: 0.0
                exporters:
                  otlp:
                    endpoint: %s
                """.formatted(OtlpReceiver.HTTP_ENDPOINT));
        try (OtlpReceiver receiver = OtlpReceiver.start();
             AppProcess app = AppProcess.withAgent("config=" + config + ",port=0").awaitAppAndAgent()) {
            for (int i = 0; i < 25; i++) {
                assertEquals(200, app.app(PLACE).statusCode());
            }
            app.awaitStderr("sampler ratio 0.0");
            Scrape scrape = new Scrape(app.scrape());
            assertEquals(25, scrape.value("weft_method_calls_total", "selector", "checkout", "method", "placeOrder"));
            assertEquals(25, scrape.value("weft_method_duration_seconds_count", "selector", "checkout", "method", "placeOrder"));
            Thread.sleep(2500); // longer than an export cycle: anything sampled would have been sent
            assertEquals(List.of(), receiver.spans());
            assertEquals(0, new Scrape(app.scrape()).value("weft_spans_exported_total"));

            // A caller that sampled its trace is followed, whatever the ratio for new traces.
            String traceId = "5b8efff798038103d269b633813fc60c";
            assertEquals(200, app.app(PLACE, "traceparent", "00-" + traceId + "-eee19b7ec3c1b174-01").statusCode());
            await().atMost(Duration.ofSeconds(20)).until(() -> !receiver.spans("OrderService.placeOrder").isEmpty());
            assertEquals(traceId, receiver.spans("OrderService.placeOrder").get(0).traceId());
            assertEquals(26, new Scrape(app.scrape()).value("weft_method_calls_total", "selector", "checkout",
                    "method", "placeOrder"), "and metrics count every call, sampled or not");
        }
    }

    @Test
    void theStandardEnvironmentVariablesConfigureExportAndResource(@TempDir Path dir) throws Exception {
        Path config = Configs.write(dir, "weft.yaml", """
                instrument:
                  - name: checkout
                    class: acme.orders.OrderService
                    methods: [placeOrder]
                    trace: true
                exporters:
                  otlp: {}
                """);
        Map<String, String> env = Map.of(
                "OTEL_EXPORTER_OTLP_ENDPOINT", OtlpReceiver.HTTP_ENDPOINT,
                "OTEL_SERVICE_NAME", "orders-from-env",
                "OTEL_RESOURCE_ATTRIBUTES", "deployment.environment.name=test,service.version=9.9.9");
        try (OtlpReceiver receiver = OtlpReceiver.start();
             AppProcess app = AppProcess.withAgent("config=" + config + ",port=0", env).awaitAppAndAgent()) {
            assertEquals(200, app.app(PLACE).statusCode());
            await().atMost(Duration.ofSeconds(20)).until(() -> !receiver.spans("OrderService.placeOrder").isEmpty());
            Map<String, Object> resource = receiver.spans("OrderService.placeOrder").get(0).resource();
            assertEquals("orders-from-env", resource.get("service.name"));
            assertEquals("test", resource.get("deployment.environment.name"));
            assertEquals("9.9.9", resource.get("service.version"));
        }
    }

    @Test
    void anEndpointThatRefusesConnectionsNeverSlowsOrBreaksTheApp(@TempDir Path dir) throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        Path config = Configs.write(dir, "weft.yaml", TRACED + """
                  - name: work
                    class: acme.orders.WorkUnit
                    record: [timer, count]
                    trace: true
                exporters:
                  otlp:
                    endpoint: http://127.0.0.1:%d
                    timeout: 2s
                """.formatted(closedPort));
        try (AppProcess app = AppProcess.withAgent("config=" + config + ",port=0").awaitAppAndAgent()) {
            for (int i = 0; i < 50; i++) {
                assertEquals(200, app.app(PLACE).statusCode());
            }
            await().atMost(Duration.ofSeconds(30)).until(() ->
                    new Scrape(app.scrape()).value("weft_spans_dropped_total") > 0);
            long heapBefore = JdkTools.heapUsedAfterGc(app.pid());
            // Rounds of 200,000 traced calls, each a span, as fast as the app can go: far more than the
            // queue holds. One round here; bin/reliability keeps it up for minutes (weft.soak.seconds).
            long soakUntil = System.nanoTime() + Long.getLong("weft.soak.seconds", 0) * 1_000_000_000L;
            long calls = 0;
            long started = System.nanoTime();
            do {
                assertEquals(String.valueOf(2 * 350_000L), app.app("/spin?threads=2&calls=100000").body().trim(),
                        "the app's results are unchanged");
                calls += 200_000;
            } while (System.nanoTime() < soakUntil);
            long seconds = (System.nanoTime() - started) / 1_000_000_000L;
            long heapAfter = JdkTools.heapUsedAfterGc(app.pid());
            assertTrue(heapAfter - heapBefore < 16L << 20, "the export queue is bounded: heap went from "
                    + heapBefore + " to " + heapAfter + " bytes");
            Scrape scrape = new Scrape(app.scrape());
            assertEquals(calls, scrape.value("weft_method_calls_total", "selector", "work"), "every call measured");
            // Every span is dropped in the end, at once when the queue is full, else when its batch fails.
            long spans = calls;
            await().atMost(Duration.ofSeconds(90)).until(() ->
                    new Scrape(app.scrape()).value("weft_spans_dropped_total") >= spans);
            assertEquals(50, scrape.value("weft_method_calls_total", "selector", "checkout", "method", "placeOrder"));
            assertEquals(1, app.stderrLinesWith("dropping spans").size(), "said once");
            assertTrue(app.stderrLinesWith("dropping spans").get(0).contains("127.0.0.1:" + closedPort));
            for (String line : app.stderr()) {
                assertTrue(line.startsWith("[weft] "), "nothing but Weft's own lines on stderr: " + line);
            }
            ReliabilityLog.row("Runtime", "OTLP endpoint refusing connections while " + calls + " traced calls run as fast "
                            + "as 2 threads go, for " + seconds + " s", "results unchanged, every request answered",
                    "dropped and counted every span, said so once, never blocked the app",
                    "calls " + calls + " measured; spans dropped " + (long) new Scrape(app.scrape()).value("weft_spans_dropped_total")
                            + "; heap after GC " + (heapBefore >> 20) + " → " + (heapAfter >> 20) + " MB");
        }
    }
}
