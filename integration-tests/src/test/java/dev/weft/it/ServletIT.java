package dev.weft.it;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Servlet containers (embedded Tomcat 9 for javax.servlet, Tomcat 10.1 for jakarta.servlet). */
class ServletIT {

    private static final String TRACE_ID = "0af7651916cd43dd8448eb211c80319c";
    private static final String CALLER_SPAN = "b7ad6b7169203331";

    @ParameterizedTest
    @ValueSource(strings = {"javax", "jakarta"})
    void requestsAreServerSpansContinuingTheCallersTrace(String api, @TempDir Path dir) throws Exception {
        Path config = Configs.write(dir, "weft.yaml", """
                service: {name: shop}
                instrument:
                  - name: catalog
                    class: acme.shop.Catalog
                    trace: true
                exporters:
                  otlp:
                    endpoint: %s
                """.formatted(OtlpReceiver.HTTP_ENDPOINT));
        Path jar = Paths.get(System.getProperty("weft.shop." + api + ".jar"));
        try (OtlpReceiver receiver = OtlpReceiver.start();
             AppProcess shop = AppProcess.jarWithAgent(jar, "config=" + config + ",port=0").awaitAppAndAgent()) {
            var ok = shop.app("/shop/items/kettle", "traceparent", "00-" + TRACE_ID + "-" + CALLER_SPAN + "-01");
            assertEquals(200, ok.statusCode());
            assertEquals("item kettle", ok.body().trim());
            assertEquals(500, shop.app("/shop/items/broken").statusCode());
            // The SERVER spans end last: once both requests' are in, every span is.
            await().atMost(Duration.ofSeconds(20)).until(() -> receiver.spans("Catalog.lookup").size() == 2
                    && receiver.spans("GET /shop/items/*").size() == 2);

            OtlpReceiver.Span server = receiver.spans("GET /shop/items/*").stream()
                    .filter(s -> TRACE_ID.equals(s.traceId())).findFirst().orElseThrow(() ->
                            new AssertionError("no server span in the caller's trace: " + receiver.spans()));
            assertEquals("SPAN_KIND_SERVER", server.kind());
            assertEquals(CALLER_SPAN, server.parentSpanId());
            assertEquals("/shop/items/kettle", server.attributes().get("url.path"));
            assertEquals("/shop/items/*", server.attributes().get("http.route"), "the mapping, not the URL");
            assertEquals(200L, ((Number) server.attributes().get("http.response.status_code")).longValue());
            OtlpReceiver.Span lookup = receiver.spans("Catalog.lookup").stream()
                    .filter(s -> TRACE_ID.equals(s.traceId())).findFirst().orElseThrow();
            assertEquals(server.spanId(), lookup.parentSpanId());
            assertEquals(1, receiver.spans().stream().filter(s -> s.kind().equals("SPAN_KIND_SERVER")
                    && TRACE_ID.equals(s.traceId())).count(), "one server span per request, however many filters and servlets");

            OtlpReceiver.Span failed = receiver.spans("GET /shop/items/*").stream()
                    .filter(s -> !TRACE_ID.equals(s.traceId())).findFirst().orElseThrow();
            assertTrue(failed.isError(), failed.toString());
            assertEquals(500L, ((Number) failed.attributes().get("http.response.status_code")).longValue());

            Scrape scrape = new Scrape(shop.scrape());
            assertEquals(1, scrape.value("http_server_request_duration_seconds_count", "http_request_method", "GET",
                    "http_route", "/shop/items/*", "http_response_status_code", "200"));
            assertEquals(1, scrape.value("http_server_request_duration_seconds_count", "http_request_method", "GET",
                    "http_route", "/shop/items/*", "http_response_status_code", "500"));
        }
    }
}
