package dev.weft.it;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every selector kind against the orders app in a real JVM: each matches what it should and
 * nothing else, and the counts in {@code /metrics} are exact.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SelectorsIT {

    private static final String CONFIG = """
            service:
              name: orders-it
            instrument:
              - name: checkout
                class: acme.orders.OrderService
                methods: [placeOrder, "cancel*", find, validate, normalize]
                record: [timer, count, errors, inflight]
              - name: repository
                implements: acme.orders.OrderRepository
                record: [count]
              - name: pricing-one-level
                class: "acme.orders.pricing.*"
                record: [count]
              - name: pricing-any-depth
                class: "acme.orders.pricing.**"
                record: [count]
              - name: audited
                annotated: acme.orders.audit.Audited
                record: [count]
              - name: reports
                class: "regex:acme\\\\.orders\\\\.Report.*"
              - name: plugin
                class: acme.plugin.Greeter
                record: [count]
              - name: internal
                class: "acme.orders.internal.**"
                record: [count]
              - name: never
                class: acme.nothing.Here
              - name: logged
                method-annotated: acme.orders.audit.Logged
                record: [count]
              - name: timed
                class: "acme.orders.*"
                method-annotated: "io.micrometer.**.Timed"
                methods: ["re*"]
                record: [count]
            exclude:
              - class: "acme.orders.internal.**"
              - class: acme.orders.InMemoryOrderRepository
                methods: [size]
            """;

    private AppProcess app;
    private Scrape scrape;

    @BeforeAll
    void startAndDrive(@TempDir Path dir) throws Exception {
        Path config = Configs.write(dir, "weft.yaml", CONFIG);
        app = AppProcess.withAgent("config=" + config + ",port=0").awaitAppAndAgent();
        for (int i = 0; i < 3; i++) {
            assertEquals(200, app.app("/orders/place?item=book&qty=2").statusCode());
        }
        // the app's own exception reaches its own handler unchanged
        HttpResponse<String> rejected = app.app("/orders/place?item=book&qty=0");
        assertEquals(400, rejected.statusCode());
        assertEquals("bad request: quantity must be positive: 0", rejected.body().trim());
        assertEquals(400, app.app("/orders/place?item=book&qty=-1").statusCode());
        assertEquals(404, app.app("/orders/cancel?id=999").statusCode());
        assertEquals(200, app.app("/orders/cancel?id=1").statusCode());
        assertEquals(200, app.app("/orders/get?id=2").statusCode());
        assertEquals(200, app.app("/orders/find?item=Pen").statusCode());
        assertEquals(200, app.app("/audit?msg=a").statusCode());
        assertEquals(200, app.app("/audit?msg=b").statusCode());
        assertEquals(200, app.app("/report").statusCode());
        assertEquals(200, app.app("/report").statusCode());
        HttpResponse<String> greeting = app.app("/plugin?name=weft");
        assertEquals("hello weft", greeting.body().trim());
        assertEquals("10", app.app("/inventory/restock?item=pen").body().trim());
        assertEquals("7", app.app("/inventory/reserve?item=pen&qty=3").body().trim());
        assertEquals("5", app.app("/inventory/reserve?item=pen&qty=2").body().trim());
        assertEquals("6", app.app("/inventory/release?item=pen&qty=1").body().trim());
        assertEquals("6", app.app("/inventory/level?item=pen").body().trim());
        scrape = new Scrape(app.scrape());
    }

    @AfterAll
    void stop() throws Exception {
        if (app != null) {
            app.close();
        }
    }

    private double calls(String selector, String cls, String method) {
        return scrape.value("weft_method_calls_total", "selector", selector, "class", cls, "method", method);
    }

    @Test
    void exactClassCountsCallsErrorsAndDurations() {
        String cls = "acme.orders.OrderService";
        assertEquals(5, calls("checkout", cls, "placeOrder"));
        assertEquals(5, scrape.value("weft_method_duration_seconds_count", "selector", "checkout", "class", cls, "method", "placeOrder"));
        assertEquals(5, scrape.value("weft_method_duration_seconds_bucket", "selector", "checkout", "class", cls, "method", "placeOrder", "le", "+Inf"));
        assertEquals(2, scrape.value("weft_method_errors_total", "selector", "checkout", "class", cls, "method", "placeOrder",
                "exception", "java.lang.IllegalArgumentException"));
        assertEquals(0, scrape.value("weft_method_inflight", "selector", "checkout", "class", cls, "method", "placeOrder"));
        // cancel* matched cancel; the unknown id threw the app's own exception, counted by class.
        assertEquals(2, calls("checkout", cls, "cancel"));
        assertEquals(1, scrape.value("weft_method_errors_total", "selector", "checkout", "class", cls, "method", "cancel",
                "exception", "acme.orders.OrderNotFoundException"));
    }

    @Test
    void privateAndStaticMethodsAreMatchedLikePublicOnes() {
        String cls = "acme.orders.OrderService";
        assertEquals(5, calls("checkout", cls, "validate"));
        assertEquals(2, scrape.value("weft_method_errors_total", "selector", "checkout", "class", cls, "method", "validate",
                "exception", "java.lang.IllegalArgumentException"));
        // normalize: 3 good orders + find(String) once
        assertEquals(4, calls("checkout", cls, "normalize"));
    }

    @Test
    void overloadsShareOneSeries() {
        // find(long) once and find(String) once
        assertEquals(2, calls("checkout", "acme.orders.OrderService", "find"));
        assertEquals(1, scrape.matching("weft_method_calls_total", "method", "find", "selector", "checkout").size());
    }

    @Test
    void implementsMatchesConcreteImplementationsOnly() {
        String cls = "acme.orders.InMemoryOrderRepository";
        assertEquals(3, calls("repository", cls, "save"));
        assertEquals(2, calls("repository", cls, "delete"));
        assertEquals(1, calls("repository", cls, "find"));
        // the abstract super class is not woven, and the excluded method has no series
        assertFalse(scrape.anyWithLabel("class", "acme.orders.AbstractRepository"));
        assertFalse(scrape.has("weft_method_calls_total", "method", "size"));
        assertEquals(3, scrape.value("weft_woven_methods", "selector", "repository"));
    }

    @Test
    void singleStarStaysInOnePackageDoubleStarCrossesPackages() {
        assertEquals(3, calls("pricing-one-level", "acme.orders.pricing.PriceCalculator", "price"));
        assertFalse(scrape.has("weft_method_calls_total", "selector", "pricing-one-level", "class", "acme.orders.pricing.tax.TaxTable"));
        // the first selector in the file claims PriceCalculator; ** picks up the sub-package
        assertEquals(3, calls("pricing-any-depth", "acme.orders.pricing.tax.TaxTable", "rate"));
        assertFalse(scrape.has("weft_method_calls_total", "selector", "pricing-any-depth", "class", "acme.orders.pricing.PriceCalculator"));
    }

    @Test
    void annotatedMatchesTheAnnotatedClass() {
        assertEquals(2, calls("audited", "acme.orders.audit.AuditTrail", "record"));
        assertEquals(1, scrape.value("weft_woven_methods", "selector", "audited"));
    }

    @Test
    void methodAnnotatedAloneCountsTheAnnotatedMethodsOfAnyClass() {
        String cls = "acme.orders.Inventory";
        assertEquals(2, calls("logged", cls, "reserve"));
        assertEquals(1, calls("logged", cls, "release"));
        assertEquals(2, scrape.value("weft_woven_methods", "selector", "logged"));
        assertFalse(scrape.has("weft_method_calls_total", "selector", "logged", "method", "level"));
    }

    @Test
    void methodAnnotatedMatchesAnAnnotationWhoseClassIsNotThereByName() {
        // Micrometer is not on the service's class path; its @Timed is in the class file all the same.
        // class, method-annotated and methods must all hold: level is @Timed but not re*.
        assertEquals(1, calls("timed", "acme.orders.Inventory", "restock"));
        assertEquals(1, scrape.value("weft_woven_methods", "selector", "timed"));
        assertFalse(scrape.has("weft_method_calls_total", "method", "level"));
    }

    @Test
    void selectorsShowsTheMethodAnnotationAsWritten() throws Exception {
        String selectors = app.weft("/selectors").body();
        assertTrue(selectors.contains("{\"name\":\"logged\",\"line\":30,\"method-annotated\":\"acme.orders.audit.Logged\","
                + "\"methods\":[],\"record\":[\"count\"],\"wovenMethods\":2,\"woven\":[{\"class\":\"acme.orders.Inventory\","
                + "\"method\":\"release\",\"signatures\":[\"release(java.lang.String, int)\"],\"calls\":1,"), selectors);
        assertTrue(selectors.contains("{\"name\":\"timed\",\"line\":33,\"class\":\"acme.orders.*\","
                + "\"method-annotated\":\"io.micrometer.**.Timed\",\"methods\":[\"re*\"],\"record\":[\"count\"],"
                + "\"wovenMethods\":1,\"woven\":[{\"class\":\"acme.orders.Inventory\",\"method\":\"restock\","), selectors);
    }

    @Test
    void regexSelectorTimesTheSlowMethod() {
        String[] labels = {"selector", "reports", "class", "acme.orders.ReportService", "method", "slowReport"};
        double count = scrape.value("weft_method_duration_seconds_count", labels);
        double sum = scrape.value("weft_method_duration_seconds_sum", labels);
        assertEquals(2, count);
        assertTrue(sum >= 0.02 * count, "sum " + sum + " must cover 20 ms per call");
        assertTrue(sum < 5, "sum " + sum + " is implausibly large");
        assertEquals(0, scrape.value("weft_method_duration_seconds_bucket", concat(labels, "le", "0.01")));
        assertEquals(2, scrape.value("weft_method_duration_seconds_bucket", concat(labels, "le", "10.0")));
        // default record is [timer, errors]: no call counter, no in-flight gauge
        assertFalse(scrape.has("weft_method_calls_total", "selector", "reports"));
        assertFalse(scrape.has("weft_method_inflight", "selector", "reports"));
    }

    @Test
    void classesFromAnIsolatedClassLoaderAreWoven() {
        assertEquals(1, calls("plugin", "acme.plugin.Greeter", "greet"));
    }

    @Test
    void excludeWinsAndUnselectedMethodsHaveNoSeries() {
        assertFalse(scrape.anyWithLabel("class", "acme.orders.internal.IdGenerator"));
        assertEquals(0, scrape.value("weft_woven_methods", "selector", "internal"));
        assertFalse(scrape.anyWithLabel("class", "acme.orders.OrdersApp"));
        assertFalse(scrape.anyWithLabel("class", "acme.orders.WorkUnit"));
        // constructors and lambdas are never woven
        assertFalse(scrape.anyWithLabel("method", "<init>"));
        assertFalse(scrape.anyWithLabel("method", "lambda$find$0"));
    }

    @Test
    void agentMetricsShowWhatEachSelectorWove() {
        assertEquals(11, scrape.value("weft_selectors"));
        // placeOrder, cancel, validate, normalize and the two overloads of find
        assertEquals(6, scrape.value("weft_woven_methods", "selector", "checkout"));
        assertEquals(0, scrape.value("weft_woven_methods", "selector", "never"));
        assertEquals(0, scrape.value("weft_weave_errors_total"));
    }

    @Test
    void scrapePassesPromtool() throws Exception {
        Promtool.assertCleanMetrics(scrape.text());
    }

    @Test
    void openMetricsWhenAsked() throws Exception {
        HttpResponse<String> response = AppProcess.send(HttpRequest.newBuilder(URI.create(app.metricsUrl()))
                .header("Accept", "application/openmetrics-text; version=1.0.0; charset=utf-8").GET().build());
        assertEquals(200, response.statusCode());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/openmetrics-text"));
        assertTrue(response.body().contains("# TYPE weft_method_calls counter"), response.body());
        assertTrue(response.body().contains("# UNIT weft_method_duration_seconds seconds"), response.body());
        assertTrue(response.body().trim().endsWith("# EOF"));
    }

    @Test
    void healthAndReady() throws Exception {
        HttpResponse<String> health = app.weft("/health");
        assertEquals(200, health.statusCode());
        assertTrue(health.body().startsWith("{\"status\":\"healthy\",\"checks\":[{\"name\":\"weaving\",\"status\":"
                + "\"healthy\",\"detail\":\"installed\"},{\"name\":\"config\",\"status\":\"healthy\""), health.body());
        assertTrue(health.body().contains("\"service\":\"orders-it\""), health.body());
        assertEquals(200, app.weft("/ready").statusCode());
        assertEquals(404, app.weft("/nope").statusCode());
    }

    @Test
    void oneStartLineNamingVersionConfigSelectorsAndEndpoint() {
        assertEquals(1, app.stderrLinesWith("[weft] Weft ").size(), String.join("\n", app.stderr()));
        String line = app.stderrLinesWith("[weft] Weft ").get(0);
        assertTrue(line.contains("weft.yaml"), line);
        assertTrue(line.contains("11 selector(s)"), line);
        assertTrue(line.contains("http://127.0.0.1:"), line);
    }

    @Test
    void weftAddsNothingToStderrButItsOwnLines() {
        // no JVM warnings (class data sharing, Unsafe deprecation) caused by the agent
        for (String line : app.stderr()) {
            assertTrue(line.startsWith("[weft] "), "unexpected stderr line: " + line);
        }
    }

    private static String[] concat(String[] labels, String... more) {
        String[] all = new String[labels.length + more.length];
        System.arraycopy(labels, 0, all, 0, labels.length);
        System.arraycopy(more, 0, all, labels.length, more.length);
        return all;
    }
}
