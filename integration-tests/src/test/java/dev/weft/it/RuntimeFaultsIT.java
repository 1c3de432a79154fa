package dev.weft.it;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Load and failures around Weft while the service works: its results stay right, Weft's memory stays bounded. */
class RuntimeFaultsIT {

    private static final String SELECTORS = """
            instrument:
              - name: checkout
                class: acme.orders.OrderService
                methods: [placeOrder]
                record: [timer, count, errors, inflight]
              - name: pricing
                class: "acme.orders.pricing.**"
                record: [timer, count]
              - name: work
                class: acme.orders.WorkUnit
                record: [timer, count]
            """;

    @TempDir
    Path dir;

    @Test
    void twentyClientsScrapingWhileTheAppIsUnderLoad() throws Exception {
        Path config = Configs.write(dir, "weft.yaml", SELECTORS);
        try (AppProcess app = AppProcess.withAgent("config=" + config + ",port=0").awaitAppAndAgent()) {
            long heapBefore = JdkTools.heapUsedAfterGc(app.pid());
            Traffic traffic = new Traffic(app, "/orders/place?item=book&qty=2", "order ");
            ExecutorService scrapers = Executors.newFixedThreadPool(20);
            List<Future<Integer>> results = new ArrayList<>();
            AtomicLong bytes = new AtomicLong();
            for (int client = 0; client < 20; client++) {
                results.add(scrapers.submit((Callable<Integer>) () -> {
                    int ok = 0;
                    for (int i = 0; i < 25; i++) {
                        String text = app.scrape();
                        bytes.addAndGet(text.length());
                        new Scrape(text); // parses: every line well formed
                        ok++;
                    }
                    return ok;
                }));
            }
            int scrapes = 0;
            for (Future<Integer> result : results) {
                scrapes += result.get();
            }
            scrapers.shutdown();
            long served = traffic.stop();
            assertEquals(500, scrapes);
            assertTrue(traffic.failures().isEmpty(), traffic.failures().toString());
            Scrape scrape = new Scrape(app.scrape());
            assertEquals(served, scrape.value("weft_method_calls_total", "selector", "checkout", "method", "placeOrder"),
                    "every order the app placed under the scrape storm counted exactly once");
            assertEquals(0, scrape.value("weft_method_inflight", "selector", "checkout", "method", "placeOrder"));
            Promtool.assertCleanMetrics(scrape.text());
            long heapAfter = JdkTools.heapUsedAfterGc(app.pid());
            assertTrue(heapAfter - heapBefore < 16L << 20, "heap " + heapBefore + " → " + heapAfter);
            ReliabilityLog.row("Runtime", "20 clients scraping /metrics at once (500 scrapes) while the app is under load",
                    served + " orders placed, 0 failed", "every scrape answered 200 and parsed; the count of placed "
                            + "orders exact", "requests " + served + ", errors 0, scrapes 500 (" + (bytes.get() >> 10)
                            + " KB); heap after GC " + (heapBefore >> 20) + " → " + (heapAfter >> 20) + " MB");
        }
    }

    @Test
    void aMillionDistinctLabelValuesCostBoundedSeriesAndMemory() throws Exception {
        Path config = Configs.write(dir, "weft.yaml", """
                instrument:
                  - name: usage
                    class: acme.orders.usage.UsageMeter
                    methods: [record]
                    record: [timer, count]
                    metric: orders_usage
                    labels: {user: arg0}
                    value: arg2
                """);
        try (AppProcess app = AppProcess.withAgent("config=" + config + ",port=0").awaitAppAndAgent()) {
            assertEquals(200, app.app("/usage/burst?count=5000&prefix=warmup-").statusCode());
            long heapBefore = JdkTools.heapUsedAfterGc(app.pid());
            long started = System.nanoTime();
            for (int batch = 0; batch < 10; batch++) { // 1,000,000 user ids never seen before
                assertEquals(200, app.app("/usage/burst?count=100000&prefix=u" + batch + "-").statusCode());
            }
            long millis = (System.nanoTime() - started) / 1_000_000;
            long heapAfter = JdkTools.heapUsedAfterGc(app.pid());
            Scrape scrape = new Scrape(app.scrape());
            List<Scrape.Series> sums = scrape.all("orders_usage_total");
            assertEquals(2001, sums.size(), "the default cap of 2,000 label sets, plus 'other'");
            double total = sums.stream().mapToDouble(Scrape.Series::value).sum();
            assertEquals(1_005_000.0, total, "every call's value is summed, in its own series or in 'other'");
            double other = scrape.value("orders_usage_total", "user", "other");
            assertEquals(1_005_000.0 - 2000, other);
            assertEquals(other, scrape.value("weft_series_dropped_total", "metric", "orders_usage"));
            assertEquals(1_005_000.0, scrape.all("orders_usage_calls_total").stream().mapToDouble(Scrape.Series::value)
                    .sum(), "calls: none lost");
            assertTrue(heapAfter - heapBefore < 16L << 20, "heap " + heapBefore + " → " + heapAfter);
            Promtool.assertCleanMetrics(scrape.text());
            ReliabilityLog.row("Cardinality", "1,000,000 distinct values of a captured label (a user id per call)",
                    "every call answered", "2,000 label sets kept (metrics.max-series), the rest summed under "
                            + "user=\"other\" and counted in weft_series_dropped_total",
                    "1,000,000 calls in " + millis + " ms; series 2,001; heap after GC " + (heapBefore >> 20) + " → "
                            + (heapAfter >> 20) + " MB");
        }
    }

    @Test
    void aLabelWhoseToStringThrowsReadsErrorAndEveryCallIsCounted() throws Exception {
        Path config = Configs.write(dir, "weft.yaml", """
                instrument:
                  - name: usage
                    class: acme.orders.usage.UsageMeter
                    methods: [record]
                    record: [timer, count, errors]
                    metric: orders_usage
                    labels: {campaign: arg1.campaign}
                    value: arg2
                """);
        try (AppProcess app = AppProcess.withAgent("config=" + config + ",port=0").awaitAppAndAgent()) {
            int served = 0;
            for (int i = 0; i < 100; i++) {
                // every other use comes from a campaign not resolved yet: its toString() throws
                String campaign = i % 2 == 0 ? "spring" : "";
                var response = app.app("/usage?region=eu&tokens=2&campaign=" + campaign);
                assertEquals(200, response.statusCode(), response.body());
                served++;
            }
            Scrape scrape = new Scrape(app.scrape());
            assertEquals(50, scrape.value("orders_usage_calls_total", "campaign", "spring"));
            assertEquals(50, scrape.value("orders_usage_calls_total", "campaign", "error"),
                    "the calls whose label has no text are counted under 'error', as with a throwing getter");
            assertEquals(100, scrape.all("orders_usage_calls_total").stream().mapToDouble(Scrape.Series::value).sum());
            assertEquals(100, scrape.value("orders_usage_total", "campaign", "error"), "their values are summed too");
            assertEquals(100, scrape.all("orders_usage_duration_seconds_count").stream()
                    .mapToDouble(Scrape.Series::value).sum());
            List<String> said = app.stderrLinesWith("toString() failed");
            assertEquals(1, said.size(), String.join("\n", app.stderr()));
            assertTrue(said.get(0).contains("selector 'usage': arg1.campaign.toString() failed "
                    + "(java.lang.IllegalStateException: campaign not resolved yet); the label reads 'error'"), said.get(0));
            Promtool.assertCleanMetrics(scrape.text());
            ReliabilityLog.row("Runtime", "a captured label whose value's toString() throws (every other call of 100)",
                    served + "/100 requests answered 200", "those calls counted under the label value `error`, as "
                            + "for a getter that throws; said once: `" + said.get(0).substring(said.get(0)
                            .indexOf("selector")) + "`", "calls 100 of 100 (50 spring, 50 error)");
        }
    }

    @Test
    void manyThreadsOnOneMethodAndManyMethodsAtOnceCountExactly() throws Exception {
        Path config = Configs.write(dir, "weft.yaml", SELECTORS);
        try (AppProcess app = AppProcess.withAgent("config=" + config + ",port=0").awaitAppAndAgent()) {
            // Orders (placeOrder and the pricing classes) from 4 clients while 8 threads hammer WorkUnit.step.
            List<Traffic> clients = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                clients.add(new Traffic(app, "/orders/place?item=pen&qty=" + (i + 1), "order "));
            }
            assertEquals(String.valueOf(8 * 875_000L), app.app("/spin?threads=8&calls=250000").body().trim());
            long placed = 0;
            for (Traffic client : clients) {
                placed += client.stop();
                assertTrue(client.failures().isEmpty(), client.failures().toString());
            }
            Scrape scrape = new Scrape(app.scrape());
            assertEquals(2_000_000, scrape.value("weft_method_calls_total", "selector", "work", "method", "step"));
            assertEquals(2_000_000, scrape.value("weft_method_duration_seconds_count", "selector", "work", "method", "step"));
            assertEquals(placed, scrape.value("weft_method_calls_total", "selector", "checkout", "method", "placeOrder"));
            ReliabilityLog.row("Concurrency", "8 threads × 250,000 calls of one method while 4 clients place orders "
                            + "through several woven methods", "results unchanged", "counts exact",
                    "step calls 2,000,000 of 2,000,000; placeOrder " + placed + " of " + placed);
        }
    }

    @Test
    void anOtlpEndpointAnsweringErrorsCostsTheExportOnly() throws Exception {
        AtomicLong posts = new AtomicLong();
        HttpServer failing = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        failing.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            posts.incrementAndGet();
            exchange.sendResponseHeaders(500, -1);
            exchange.close();
        });
        failing.start();
        try {
            Path config = Configs.write(dir, "weft.yaml", SELECTORS.replace("record: [timer, count, errors, inflight]",
                    "record: [timer, count, errors, inflight]\n    trace: true") + """
                    exporters:
                      otlp:
                        endpoint: http://127.0.0.1:%d
                        interval: 1s
                    """.formatted(failing.getAddress().getPort()));
            try (AppProcess app = AppProcess.withAgent("config=" + config + ",port=0").awaitAppAndAgent()) {
                int served = 0;
                for (int i = 0; i < 300; i++) {
                    assertEquals(200, app.app("/orders/place?item=book&qty=1").statusCode());
                    served++;
                }
                await().atMost(Duration.ofSeconds(30)).until(() -> {
                    Scrape scrape = new Scrape(app.scrape());
                    return scrape.value("weft_spans_dropped_total") > 0 && scrape.value("weft_metric_exports_failed_total") > 0;
                });
                Scrape scrape = new Scrape(app.scrape());
                assertEquals(300, scrape.value("weft_method_calls_total", "selector", "checkout", "method", "placeOrder"));
                assertEquals(1, app.stderrLinesWith("dropping spans").size(), String.join("\n", app.stderr()));
                assertEquals(1, app.stderrLinesWith("pushing metrics").size(), String.join("\n", app.stderr()));
                ReliabilityLog.row("Runtime", "OTLP endpoint answering 500 to every span and metric export",
                        served + "/300 requests answered 200", "counted the failures, said so once each, metrics on "
                                + "/metrics unaffected", "exports tried " + posts.get() + "; spans dropped "
                                + (long) scrape.value("weft_spans_dropped_total") + "; metric pushes failed "
                                + (long) scrape.value("weft_metric_exports_failed_total"));
            }
        } finally {
            failing.stop(0);
        }
    }

    /**
     * A reload that rebuilds tracing while a request is in flight, with an OTLP endpoint that takes
     * connections and never answers (so the old export's last flush hangs): the request's server
     * span still ends and closes its scope, and every later request is a server span and a sample.
     */
    @Test
    void aTracingReloadWithARequestInFlightLeavesServerSpansOnForEveryLaterRequest() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            String traced = SELECTORS.replace("record: [timer, count, errors, inflight]",
                    "record: [timer, count, errors, inflight]\n    trace: true") + """
                    exporters:
                      otlp:
                        endpoint: http://127.0.0.1:%d
                        timeout: 10s
                    tracing:
                      sampler:
                        ratio: 1.0
                    """.formatted(silent.getLocalPort());
            Path config = Configs.write(dir, "weft.yaml", traced);
            String[] ok = {"http_route", "/", "http_request_method", "GET", "http_response_status_code", "200"};
            try (AppProcess app = AppProcess.withAgent("config=" + config + ",port=0,watch=200ms").awaitAppAndAgent()) {
                assertEquals(200, app.app("/slowdown?ms=3000").statusCode());
                ExecutorService client = Executors.newSingleThreadExecutor();
                Future<Integer> slow = client.submit(() -> app.app("/orders/place?item=book&qty=1").statusCode());
                Thread.sleep(500); // the slow request is in its server span now
                double before = new Scrape(app.scrape()).value("http_server_request_duration_seconds_count", ok);

                Configs.replace(config, traced.replace("ratio: 1.0", "ratio: 0.5"));
                app.awaitStderr("config reloaded");
                assertEquals(200, app.app("/slowdown?ms=0").statusCode());
                assertEquals(200, slow.get(30, TimeUnit.SECONDS));
                client.shutdown();
                double afterReload = new Scrape(app.scrape()).value("http_server_request_duration_seconds_count", ok);
                assertTrue(afterReload >= before + 2, "the histogram goes on from where it was: " + before
                        + " then " + afterReload);

                int later = 40;
                for (int i = 0; i < later; i++) {
                    assertEquals(200, app.app("/orders/place?item=book&qty=1").statusCode());
                }
                double counted = new Scrape(app.scrape()).value("http_server_request_duration_seconds_count", ok)
                        - afterReload;
                assertEquals(later, counted, "every request after the reload is a server span and a sample");
                ReliabilityLog.row("Runtime", "a reload that rebuilds tracing (sampler ratio 1.0 → 0.5) while a 3 s "
                                + "request is in flight, OTLP endpoint accepting connections and never answering",
                        "every request answered 200", "the in-flight request's span ended; the new export took "
                                + "over before the old one stopped; the HTTP histogram went on",
                        "later requests " + later + ", counted " + (long) counted);
            }
        }
    }
}
