package dev.weft.it;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Editing the YAML of a running service changes what is measured, without a restart. */
class HotReloadIT {

    private static final String V1 = """
            instrument:
              - name: checkout
                class: acme.orders.OrderService
                methods: [placeOrder]
                record: [timer, count]
              - name: repository
                implements: acme.orders.OrderRepository
                record: [count]
            """;
    /** checkout changed (one more method), repository removed, pricing added. */
    private static final String V2 = """
            instrument:
              - name: checkout
                class: acme.orders.OrderService
                methods: [placeOrder, find]
                record: [timer, count]
              - name: pricing
                class: "acme.orders.pricing.**"
                record: [count]
            """;
    private static final String PLACE = "/orders/place?item=book&qty=1";
    private static final String[] PLACE_ORDER = {"selector", "checkout", "class", "acme.orders.OrderService",
            "method", "placeOrder"};

    @Test
    void changingSelectorsUnderLoadSwitchesSeriesWithNoCallLostOrCountedTwice(@TempDir Path dir) throws Exception {
        Path config = Configs.write(dir, "weft.yaml", V1);
        try (AppProcess app = AppProcess.withAgent("config=" + config + ",port=0,watch=200ms").awaitAppAndAgent()) {
            Traffic traffic = new Traffic(app, PLACE, "order ");
            await().atMost(Duration.ofSeconds(30)).until(() -> traffic.ok() >= 100);
            assertTrue(new Scrape(app.scrape()).anyWithLabel("selector", "repository"));

            Configs.replace(config, V2);
            String reloaded = app.awaitStderr("config reloaded");
            assertTrue(reloaded.contains("added [pricing]; changed [checkout]; removed [repository]"), reloaded);
            await().atMost(Duration.ofSeconds(30)).until(() -> new Scrape(app.scrape()).has("weft_method_calls_total",
                    "selector", "pricing", "class", "acme.orders.pricing.PriceCalculator", "method", "price"));
            long seen = traffic.ok();
            await().atMost(Duration.ofSeconds(30)).until(() -> traffic.ok() >= seen + 100);
            long sent = traffic.stop();
            assertEquals(List.of(), traffic.failures());
            assertEquals("4", app.app("/orders/find?item=none").body().trim());

            Scrape scrape = new Scrape(app.scrape());
            // placeOrder stayed under 'checkout' the whole time: every call counted once, across the re-weave.
            assertEquals(sent, scrape.value("weft_method_calls_total", PLACE_ORDER));
            assertEquals(sent, scrape.value("weft_method_duration_seconds_count", PLACE_ORDER));
            assertFalse(scrape.anyWithLabel("selector", "repository"), "series of a removed selector are gone");
            double priced = scrape.value("weft_method_calls_total", "selector", "pricing",
                    "class", "acme.orders.pricing.PriceCalculator", "method", "price");
            assertTrue(priced > 0 && priced < sent, "pricing counts from the reload on: " + priced);
            assertEquals(1, scrape.value("weft_method_calls_total", "selector", "checkout",
                    "class", "acme.orders.OrderService", "method", "find"));
            assertEquals(1, scrape.value("weft_config_reloads_total", "outcome", "applied"));
            assertEquals(2, scrape.value("weft_selectors"));

            String selectors = app.weft("/selectors").body();
            assertTrue(selectors.contains("\"signatures\":[\"find(java.lang.String)\",\"find(long)\"]"), selectors);
            assertTrue(selectors.contains("\"name\":\"pricing\""), selectors);
            assertTrue(selectors.contains("acme.orders.pricing.tax.TaxTable"), selectors);
            assertFalse(selectors.contains("\"name\":\"repository\""), selectors);
            assertFalse(selectors.contains("InMemoryOrderRepository"), selectors);
            assertTrue(selectors.contains("\"lastReload\":{\"status\":\"applied\",\"trigger\":\"file changed\""), selectors);
        }
    }

    @Test
    void aReloadThatAddsAMethodAnnotatedSelectorWeavesTheClassesAlreadyLoaded(@TempDir Path dir) throws Exception {
        Path config = Configs.write(dir, "weft.yaml", V1);
        try (AppProcess app = AppProcess.withAgent("config=" + config + ",port=0,watch=200ms").awaitAppAndAgent()) {
            // Inventory is loaded and running before any selector could pick it
            assertEquals("-1", app.app("/inventory/reserve?item=pen&qty=1").body().trim());
            assertFalse(new Scrape(app.scrape()).anyWithLabel("class", "acme.orders.Inventory"));

            Configs.replace(config, V1 + """
                      - name: logged
                        method-annotated: acme.orders.audit.Logged
                        record: [count]
                    """);
            String reloaded = app.awaitStderr("config reloaded");
            assertTrue(reloaded.contains("added [logged]"), reloaded);
            await().atMost(Duration.ofSeconds(30)).until(() -> new Scrape(app.scrape()).value("weft_woven_methods",
                    "selector", "logged") == 2);
            assertEquals("-3", app.app("/inventory/reserve?item=pen&qty=2").body().trim());
            assertEquals("-2", app.app("/inventory/release?item=pen&qty=1").body().trim());
            assertEquals("-2", app.app("/inventory/level?item=pen").body().trim());

            Scrape scrape = new Scrape(app.scrape());
            assertEquals(1, scrape.value("weft_method_calls_total", "selector", "logged", "class", "acme.orders.Inventory",
                    "method", "reserve"), "the call before the reload is not counted, the one after is");
            assertEquals(1, scrape.value("weft_method_calls_total", "selector", "logged", "class", "acme.orders.Inventory",
                    "method", "release"));
            assertFalse(scrape.has("weft_method_calls_total", "method", "level"));
            assertEquals(0, scrape.value("weft_weave_errors_total"));
        }
    }

    @Test
    void changingRecordBackAndForthUnderLoadKeepsOneExactCallCounter(@TempDir Path dir) throws Exception {
        String timed = V1;
        String counted = V1.replace("record: [timer, count]", "record: [count]");
        Path config = Configs.write(dir, "weft.yaml", timed);
        try (AppProcess app = AppProcess.withAgent("config=" + config + ",port=0,watch=200ms").awaitAppAndAgent()) {
            Traffic traffic = new Traffic(app, PLACE, "order ");
            await().atMost(Duration.ofSeconds(30)).until(() -> traffic.ok() >= 50);
            List<Double> counter = new ArrayList<>();
            List<Long> windowCalls = new ArrayList<>();
            Pattern window = Pattern.compile(
                    "\"method\":\"placeOrder\".*?\"window\":\\{\"seconds\":[0-9.]+,\"calls\":(-?\\d+)",
                    Pattern.DOTALL);
            String[] edits = {counted, timed, counted, timed};
            for (int i = 0; i < edits.length; i++) {
                Configs.replace(config, edits[i]);
                int reloads = i + 1;
                await().atMost(Duration.ofSeconds(30)).until(() -> app.stderrLinesWith("config reloaded").size() == reloads);
                long until = traffic.ok() + 60;
                long deadline = System.nanoTime() + 30_000_000_000L;
                while (traffic.ok() < until && System.nanoTime() < deadline) {
                    counter.add(new Scrape(app.scrape()).value("weft_method_calls_total", PLACE_ORDER));
                    Matcher m = window.matcher(app.weft("/metrics/json").body());
                    assertTrue(m.find(), "placeOrder's window in /metrics/json");
                    windowCalls.add(Long.parseLong(m.group(1)));
                }
            }
            long sent = traffic.stop();
            assertEquals(List.of(), traffic.failures());
            for (int k = 1; k < counter.size(); k++) {
                assertTrue(counter.get(k) >= counter.get(k - 1), "the call counter went back at sample " + k + " of "
                        + counter.size() + ": " + counter.get(k - 1) + " → " + counter.get(k));
            }
            assertTrue(windowCalls.stream().allMatch(c -> c >= 0), "a window's calls below zero: " + windowCalls);
            Scrape scrape = new Scrape(app.scrape());
            assertEquals(sent, scrape.value("weft_method_calls_total", PLACE_ORDER), "every call counted once");
            double timedCalls = scrape.value("weft_method_duration_seconds_count", PLACE_ORDER);
            assertTrue(timedCalls > 0 && timedCalls < sent, "the histogram holds the calls made while timed: " + timedCalls);
            assertEquals(4, scrape.value("weft_config_reloads_total", "outcome", "applied"));
            ReliabilityLog.row("Runtime", "record switched by reload between [timer, count] and [count], 4 times, "
                            + "while a client places orders", sent + " orders placed, 0 failed",
                    "one call counter across the switches: never went back in " + counter.size() + " scrapes, no "
                            + "window below zero; the histogram holds the timed calls",
                    "calls counted " + (long) scrape.value("weft_method_calls_total", PLACE_ORDER) + " of " + sent
                            + "; timed " + (long) timedCalls);
        }
    }

    @Test
    void anInvalidEditIsRejectedAndTheOldConfigKeepsServing(@TempDir Path dir) throws Exception {
        Path config = Configs.write(dir, "weft.yaml", V1);
        try (AppProcess app = AppProcess.withAgent("config=" + config + ",port=0,watch=200ms,unmatched-after=1")
                .awaitAppAndAgent()) {
            for (int i = 0; i < 3; i++) {
                assertEquals(200, app.app(PLACE).statusCode());
            }
            Configs.replace(config, V2.replace("methods: [placeOrder, find]", "methds: [placeOrder, find]"));

            String rejected = app.awaitStderr("reload rejected");
            assertTrue(rejected.contains(config + " has 1 problem(s)"), rejected);
            List<String> problem = app.stderrLinesWith(config + ":4:5: instrument[0].methds: unknown key (did you mean 'methods'?)");
            assertEquals(1, problem.size(), String.join("\n", app.stderr()));

            for (int i = 0; i < 2; i++) {
                assertEquals(200, app.app(PLACE).statusCode());
            }
            Scrape scrape = new Scrape(app.scrape());
            assertEquals(5, scrape.value("weft_method_calls_total", PLACE_ORDER), "the old config still counts");
            assertTrue(scrape.anyWithLabel("selector", "repository"), "and still has its selectors");
            assertFalse(scrape.anyWithLabel("selector", "pricing"));
            assertEquals(1, scrape.value("weft_config_reloads_total", "outcome", "rejected"));
            assertEquals(0, scrape.value("weft_config_reloads_total", "outcome", "applied"));
            String selectors = app.weft("/selectors").body();
            assertTrue(selectors.contains("\"status\":\"rejected\""), selectors);
            assertTrue(selectors.contains("instrument[0].methds: unknown key"), selectors);

            // Without auth configured, nobody can trigger a reload over HTTP.
            assertEquals(403, post(app.endpoint() + "/reload", null).statusCode());

            // Fixed, and with a selector that matches nothing: applied, and that selector is named.
            Configs.replace(config, V2 + """
                      - name: ghost
                        class: acme.orders.NoSuchClass
                    """);
            app.awaitStderr("config reloaded");
            assertEquals(1, new Scrape(app.scrape()).value("weft_config_reloads_total", "outcome", "applied"));
            assertTrue(app.awaitStderr("has matched no method").contains(
                    "selector 'ghost' (" + config + ":9) has matched no method 1 s after the reload"),
                    String.join("\n", app.stderr()));
            assertEquals(1, app.stderrLinesWith("has matched no method").size(), "only the new selector that wove nothing");
        }
    }

    @Test
    void reloadOverHttpTakesTheTokenThatGuardsTheEndpoint(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("token"), "s3cret-token\n");
        String auth = """
                exporters:
                  prometheus:
                    auth:
                      bearer-token-file: token
                """;
        Path config = Configs.write(dir, "weft.yaml", V1 + auth);
        try (AppProcess app = AppProcess.withAgent("config=" + config + ",port=0,watch=false").awaitAppAndAgent()) {
            assertEquals(200, app.app(PLACE).statusCode());
            assertEquals(401, app.weft("/metrics").statusCode());
            assertEquals(401, app.weft("/selectors").statusCode());
            assertEquals(200, app.weft("/health").statusCode(), "health stays open for probes");
            assertEquals(200, get(app.endpoint() + "/metrics", "s3cret-token").statusCode());
            assertEquals(401, get(app.endpoint() + "/metrics", "wrong").statusCode());

            Files.writeString(config, V2 + auth);
            assertEquals(401, post(app.endpoint() + "/reload", null).statusCode());
            assertEquals(401, post(app.endpoint() + "/reload", "wrong").statusCode());
            assertTrue(app.stderrLinesWith("config reloaded").isEmpty(), "watch=false: only a request reloads");

            HttpResponse<String> reload = post(app.endpoint() + "/reload", "s3cret-token");
            assertEquals(200, reload.statusCode(), reload.body());
            assertTrue(reload.body().startsWith("{\"status\":\"applied\",\"trigger\":\"POST /reload\""), reload.body());
            Scrape scrape = new Scrape(get(app.endpoint() + "/metrics", "s3cret-token").body());
            assertFalse(scrape.anyWithLabel("selector", "repository"));
            assertTrue(scrape.anyWithLabel("selector", "checkout"));

            HttpResponse<String> again = post(app.endpoint() + "/reload", "s3cret-token");
            assertEquals(200, again.statusCode());
            assertTrue(again.body().startsWith("{\"status\":\"unchanged\""), again.body());
            assertTrue(String.join("\n", app.stderr()).indexOf("s3cret-token") < 0, "the token is never logged");
        }
    }

    @Test
    void aNewPortMovesTheEndpoint(@TempDir Path dir) throws Exception {
        int first = freePort();
        int second = freePort();
        String v1 = V1 + "exporters:\n  prometheus:\n    port: " + first + "\n";
        Path config = Configs.write(dir, "weft.yaml", v1);
        try (AppProcess app = AppProcess.withAgent("config=" + config + ",watch=200ms").awaitAppAndAgent()) {
            assertEquals(200, AppProcess.get("http://127.0.0.1:" + first + "/metrics").statusCode());
            Configs.replace(config, v1.replace("port: " + first, "port: " + second));
            app.awaitStderr("endpoint moved to http://127.0.0.1:" + second + "/metrics");
            assertEquals(200, AppProcess.get("http://127.0.0.1:" + second + "/metrics").statusCode());
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThrows(ConnectException.class, () -> AppProcess.get("http://127.0.0.1:" + first + "/metrics")));
        }
    }

    private static HttpResponse<String> get(String url, String token) throws Exception {
        return AppProcess.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token)
                .timeout(Duration.ofSeconds(30)).GET().build());
    }

    private static HttpResponse<String> post(String url, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.noBody());
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return AppProcess.send(request.build());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
