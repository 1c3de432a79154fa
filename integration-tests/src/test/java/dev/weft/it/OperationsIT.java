package dev.weft.it;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Business metrics from arguments and return values, windowed quantiles, SLOs, {@code /metrics/json}
 * and {@code /health} against the orders app in a real JVM.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OperationsIT {

    private static final String CONFIG = """
            service:
              name: orders-ops
            instrument:
              - name: checkout
                class: acme.orders.OrderService
                methods: [placeOrder, "cancel*"]
                record: [timer, count, errors]
              - name: finder
                class: acme.orders.OrderService
                methods: [find]
                record: [count]
                metric: orders_finder
                labels: {length: return}
              - name: usage
                class: acme.orders.usage.UsageMeter
                methods: [record]
                metric: orders_usage
                labels: {region: arg0, type: arg1.type, tier: arg1.customer.tier}
                value: arg2
            slos:
              - name: checkout-latency
                selector: checkout
                latency: {percentile: 95, below: 100ms}
                window: 10s
              - name: checkout-success
                selector: checkout
                success: 90%
                window: 10s
            metrics:
              window: 10s
              max-series: 4
            """;

    private AppProcess app;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        app = AppProcess.withAgent("config=" + Configs.write(dir, "weft.yaml", CONFIG) + ",port=0").awaitAppAndAgent();
    }

    @AfterAll
    void stop() throws InterruptedException {
        if (app != null) {
            app.close();
        }
    }

    @Test
    @Order(1)
    void labelsAndValuesComeFromArgumentsGettersRecordsAndReturnValues() throws Exception {
        for (int i = 0; i < 3; i++) {
            assertEquals(200, app.app("/usage?region=eu&type=chat&tier=pro&tokens=40").statusCode());
        }
        assertEquals(200, app.app("/usage?region=us&type=embed&tier=free&tokens=7").statusCode());
        assertEquals(200, app.app("/orders/find?item=Book").statusCode());
        Scrape scrape = new Scrape(app.scrape());
        assertEquals(120.0, scrape.value("orders_usage_total", "selector", "usage", "region", "eu", "type", "chat",
                "tier", "pro"));
        assertEquals(7.0, scrape.value("orders_usage_total", "region", "us", "type", "embed", "tier", "free"));
        assertEquals(3.0, scrape.value("orders_usage_duration_seconds_count", "region", "eu", "type", "chat",
                "tier", "pro", "class", "acme.orders.usage.UsageMeter", "method", "record"));
        assertEquals(1.0, scrape.value("orders_finder_calls_total", "selector", "finder", "length", "4"));
        assertTrue(scrape.all("weft_method_duration_seconds_count").stream()
                .noneMatch(s -> "usage".equals(s.labels().get("selector"))), "the usage selector's series are renamed");
        Promtool.assertCleanMetrics(app.scrape());
    }

    @Test
    @Order(2) // after the label sets above took 2 of the 4
    void pastTheCapNewLabelSetsShareOneOtherSeries() throws Exception {
        // max-series 4, shared by the metric: whatever the other test used, 20 regions overflow it
        for (int i = 0; i < 20; i++) {
            assertEquals(200, app.app("/usage?region=r" + i + "&type=cap&tier=t&tokens=1").statusCode());
        }
        Scrape scrape = new Scrape(app.scrape());
        long labelSets = scrape.all("orders_usage_total").stream()
                .filter(s -> !"other".equals(s.labels().get("region"))).count();
        assertEquals(4, labelSets, "label sets besides other");
        double other = scrape.value("orders_usage_total", "region", "other", "type", "other", "tier", "other");
        double dropped = scrape.value("weft_series_dropped_total", "metric", "orders_usage");
        assertEquals(18.0, other, "20 new regions, 2 of them took the last free label sets");
        assertEquals(other, dropped);
    }

    @Test
    void slosAndQuantilesFollowTheWindowAndHealthFollowsTheSlos() throws Exception {
        for (int i = 0; i < 20; i++) {
            app.app("/orders/place?item=fast&qty=1");
        }
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            String slos = app.weft("/slos").body();
            assertTrue(slos.contains("\"name\":\"checkout-latency\",\"selector\":\"checkout\",\"met\":true"), slos);
            assertTrue(number(slos, "calls") >= 20, slos);
        });
        assertEquals("healthy", field(app.weft("/health").body(), "status"));

        app.app("/slowdown?ms=150");
        for (int i = 0; i < 30; i++) {
            app.app("/orders/place?item=slow&qty=1");
        }
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            Scrape scrape = new Scrape(app.scrape());
            assertEquals(0.0, scrape.value("weft_slo_met", "slo", "checkout-latency", "objective", "latency"));
        });
        Scrape scrape = new Scrape(app.scrape());
        assertEquals(0.1, scrape.value("weft_slo_target", "slo", "checkout-latency", "objective", "latency"));
        double p95 = scrape.value("weft_slo_value", "slo", "checkout-latency", "objective", "latency");
        // each call sleeps 150 ms and a little more; quantiles are read to within 1/32 of the value
        assertTrue(p95 >= 0.150 * 0.97 && p95 < 0.170, "p95 " + p95);
        assertEquals(1.0, scrape.value("weft_slo_met", "slo", "checkout-success", "objective", "success"));
        assertTrue(scrape.all("weft_method_duration_seconds_bucket").stream()
                .anyMatch(s -> "0.1".equals(s.labels().get("le"))), "the SLO threshold is a bucket bound");

        HttpResponse<String> health = app.weft("/health");
        assertEquals(200, health.statusCode());
        assertEquals("degraded", field(health.body(), "status"));
        assertTrue(health.body().contains("\"name\":\"slos\",\"status\":\"degraded\",\"detail\":\"violated: checkout-latency\""),
                health.body());

        String json = app.weft("/metrics/json").body();
        Matcher place = Pattern.compile("\"method\":\"placeOrder\".*?\"latency\":\\{(.*?)}.*?\"window\":\\{(.*?)}}")
                .matcher(json);
        assertTrue(place.find(), json);
        double windowP50 = number(place.group(2), "p50");
        assertTrue(windowP50 >= 0.150 * 0.97 && windowP50 < 0.170, "window p50 " + windowP50 + " in " + place.group(2));
        double max = number(place.group(1), "max");
        double min = number(place.group(1), "min");
        assertTrue(max >= 0.150 * 0.97 && max < 0.2 && min < 0.01, "since start: min " + min + ", max " + max);
        assertTrue(json.contains("\"name\":\"jvm_memory_used_bytes\",\"type\":\"gauge\""), "the whole registry");

        // the slow calls leave the window, and the objective is met again
        app.app("/slowdown?ms=0");
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            app.app("/orders/place?item=fast&qty=1");
            assertEquals(1.0, new Scrape(app.scrape()).value("weft_slo_met", "slo", "checkout-latency",
                    "objective", "latency"));
        });
    }

    @Test
    void aConfigThatCannotBeReadIsDown(@TempDir Path dir) throws Exception {
        try (AppProcess broken = AppProcess.withAgent("config=" + dir.resolve("missing.yaml") + ",port=0")
                .awaitAppAndAgent()) {
            HttpResponse<String> health = broken.weft("/health");
            assertEquals(503, health.statusCode(), health.body());
            assertEquals("down", field(health.body(), "status"));
            assertTrue(health.body().contains("cannot read the config: no such file"), health.body());
            assertEquals(200, broken.app("/ping").statusCode(), "the service runs on");
        }
    }

    private static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\":\"([^\"]*)\"").matcher(json);
        assertTrue(m.find(), name + " in " + json);
        return m.group(1);
    }

    private static double number(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\":([-0-9.eE]+)").matcher(json);
        assertTrue(m.find(), name + " in " + json);
        return Double.parseDouble(m.group(1));
    }
}
