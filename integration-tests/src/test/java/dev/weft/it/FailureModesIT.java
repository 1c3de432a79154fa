package dev.weft.it;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.RandomAccessFile;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Whatever goes wrong on Weft's side, the service starts and serves, and Weft says what, once. */
class FailureModesIT {

    private static final String GOOD_SELECTOR = """
            instrument:
              - name: checkout
                class: acme.orders.OrderService
                methods: [placeOrder]
                record: [count]
            """;

    @TempDir
    Path dir;

    @Test
    void invalidYamlLeavesTheServiceRunningUninstrumented() throws Exception {
        Path config = Configs.write(dir, "broken.yaml", """
                instrument:
                  - name: checkout
                    class: [acme.orders.OrderService
                """);
        try (AppProcess app = AppProcess.withAgent("config=" + config + ",port=0").awaitAppAndAgent()) {
            assertEquals(200, app.app("/orders/place?item=a&qty=1").statusCode());
            assertEquals(1, app.stderrLinesWith("WARN").size(), String.join("\n", app.stderr()));
            String message = app.stderrLinesWith("WARN").get(0);
            assertTrue(message.contains(config + ":4:"), message);
            assertTrue(message.contains("not valid YAML"), message);
            Scrape scrape = new Scrape(app.scrape());
            assertEquals(0, scrape.value("weft_selectors"));
            assertTrue(scrape.all("weft_method_calls_total").isEmpty());
        }
    }

    @Test
    void aBadSelectorIsSkippedAndTheRestStillApplies() throws Exception {
        Path config = Configs.write(dir, "weft.yaml", GOOD_SELECTOR + """
                  - name: broken-regex
                    class: "regex:acme.(orders"
                  - name: typo
                    class: acme.orders.ReportService
                    methds: [slowReport]
                  - name: checkout
                    class: acme.orders.ReportService
                """);
        try (AppProcess app = AppProcess.withAgent("config=" + config + ",port=0").awaitAppAndAgent()) {
            assertEquals(200, app.app("/orders/place?item=a&qty=1").statusCode());
            assertEquals(200, app.app("/orders/place?item=a&qty=1").statusCode());
            assertEquals(3, app.stderrLinesWith("WARN config:").size(), String.join("\n", app.stderr()));
            assertLine(app, config + ":7:12: instrument[1].class: bad regular expression");
            assertLine(app, config + ":10:5: instrument[2].methds: unknown key (did you mean 'methods'?)");
            assertLine(app, config + ":11:11: instrument[3].name: 'checkout' is already the name of an earlier selector");
            Scrape scrape = new Scrape(app.scrape());
            assertEquals(1, scrape.value("weft_selectors"));
            assertEquals(2, scrape.value("weft_method_calls_total", "selector", "checkout", "method", "placeOrder"));
            assertFalse(scrape.anyWithLabel("class", "acme.orders.ReportService"));
        }
    }

    @Test
    void strictModeRefusesToStartWithTheSameMessage() throws Exception {
        Path config = Configs.write(dir, "weft.yaml", GOOD_SELECTOR + """
                    methds: [x]
                """);
        try (AppProcess app = AppProcess.withAgent("config=" + config + ",port=0,strict=true")) {
            assertEquals(1, app.awaitExit());
            assertLine(app, config + ":6:5: instrument[0].methds: unknown key (did you mean 'methods'?)");
            assertLine(app, "strict=true and the config has 1 problem(s): refusing to start the service");
            assertTrue(app.stdout().isEmpty(), "the app must not have started: " + app.stdout());
        }
    }

    @Test
    void aBusyPortCostsTheEndpointNotTheServiceNorTheWeaving() throws Exception {
        Path config = Configs.write(dir, "weft.yaml", GOOD_SELECTOR + """
                  - name: nothing
                    class: acme.nothing.Here
                """);
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             AppProcess app = AppProcess.withAgent("config=" + config + ",port=" + taken.getLocalPort()
                     + ",unmatched-after=1").awaitAppAndAgent()) {
            assertEquals(200, app.app("/orders/place?item=a&qty=1").statusCode());
            assertEquals(1, app.stderrLinesWith("endpoint not started").size(), String.join("\n", app.stderr()));
            assertLine(app, "127.0.0.1:" + taken.getLocalPort() + " is in use");
            assertLine(app, "endpoint none");
            // weaving went on: after the report delay only the selector that matched nothing is named
            await().atMost(Duration.ofSeconds(20)).until(() -> !app.stderrLinesWith("has matched no method").isEmpty());
            assertEquals(1, app.stderrLinesWith("has matched no method").size());
            assertLine(app, "selector 'nothing' (" + config + ":6) has matched no method 1 s after start");
            ReliabilityLog.row("Runtime", "the endpoint's port already taken by another process", "the app started and "
                    + "answered", "said so in one line, ran without the endpoint, kept weaving", "requests 1, errors 0");
        }
    }

    @Test
    void anOutOfMemoryErrorOnTheWatcherThreadCostsThatPollOnly() throws Exception {
        Path config = Configs.write(dir, "weft.yaml", GOOD_SELECTOR);
        try (AppProcess app = AppProcess.withAgent("config=" + config + ",port=0,watch=200ms", "-Xmx96m")
                .awaitAppAndAgent()) {
            assertEquals(200, app.app("/orders/place?item=a&qty=1").statusCode());
            // A 512 MB file (sparse: no disk used) renamed over the config, as a tool gone wrong would:
            // reading it cannot fit in the 96 MB heap.
            Path huge = dir.resolve("weft.yaml.huge");
            try (RandomAccessFile file = new RandomAccessFile(huge.toFile(), "rw")) {
                file.setLength(512L << 20);
            }
            Files.move(huge, config, StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
            String said = app.awaitStderr("a poll failed");
            assertTrue(said.contains("java.lang.OutOfMemoryError"), said);
            int served = 1;
            for (int i = 0; i < 5; i++) {
                assertEquals(200, app.app("/orders/place?item=a&qty=1").statusCode());
                served++;
            }
            // watching survived: a good edit after the error is put in force
            Configs.replace(config, GOOD_SELECTOR.replace("record: [count]", "record: [count, errors]"));
            String reloaded = app.awaitStderr("config reloaded");
            assertTrue(reloaded.contains("changed [checkout]"), reloaded);
            for (int i = 0; i < 5; i++) {
                assertEquals(200, app.app("/orders/place?item=a&qty=1").statusCode());
                served++;
            }
            Scrape scrape = new Scrape(app.scrape());
            assertEquals(served, scrape.value("weft_method_calls_total", "selector", "checkout", "method", "placeOrder"));
            assertEquals(1, scrape.value("weft_config_reloads_total", "outcome", "applied"));
            assertEquals(1, app.stderrLinesWith("a poll failed").size(), "said once: " + String.join("\n", app.stderr()));
            assertTrue(app.isAlive());
            ReliabilityLog.row("Runtime", "an OutOfMemoryError on the config-watcher thread (a 512 MB file renamed over "
                            + "the config of a JVM with a 96 MB heap)", served + "/" + served + " requests answered 200",
                    "said once: `" + said.substring(said.indexOf("watching")).replace(config.toString(), "weft.yaml")
                            + "`; watching went on and put the next good edit in force",
                    "requests " + served + ", errors 0; reloads applied 1");
        }
    }

    @Test
    void aSelectorRegexThatBacktracksWithoutEndCostsItsOwnMatchesOnly() throws Exception {
        // A bounded repetition of a group that repeats: the config check (nested unbounded repetitions)
        // lets it through, and on any name of some length it would backtrack for ages on the thread
        // loading the class.
        Path config = Configs.write(dir, "weft.yaml", GOOD_SELECTOR + """
                  - name: controllers
                    class: 'regex:(.*.){30}Controller'
                """);
        try (AppProcess app = AppProcess.withAgent("config=" + config + ",port=0").awaitAppAndAgent()) {
            int served = 0;
            for (int i = 0; i < 5; i++) {
                assertEquals(200, app.app("/orders/place?item=a&qty=1").statusCode());
                served++;
            }
            Scrape scrape = new Scrape(app.scrape());
            assertEquals(served, scrape.value("weft_method_calls_total", "selector", "checkout", "method", "placeOrder"));
            assertEquals(0, scrape.value("weft_woven_methods", "selector", "controllers"));
            List<String> said = app.stderrLinesWith("gave up on");
            assertEquals(1, said.size(), String.join("\n", app.stderr()));
            assertTrue(said.get(0).contains("selector 'controllers': regex:(.*.){30}Controller gave up on '"), said.get(0));
            assertTrue(said.get(0).contains("after 1000000 character reads"), said.get(0));
            ReliabilityLog.row("Weaving", "a selector regex that backtracks without end on most class names "
                            + "(`(.*.){30}Controller`: not the nested unbounded shape the config refuses)",
                    served + "/" + served + " requests answered 200; the app started and served",
                    "each name read through a budget of 1,000,000 characters: past it the class counts as unmatched; "
                            + "after 3 such names the pattern matches nothing more; said once: `"
                            + said.get(0).substring(said.get(0).indexOf("selector")) + "`",
                    "requests " + served + ", errors 0; other selector counted " + served + " of " + served);
        }
    }

    @Test
    void aProgramWhoseMainReturnsStillExits() throws Exception {
        Path config = Configs.write(dir, "weft.yaml", GOOD_SELECTOR);
        try (AppProcess program = AppProcess.mainWithAgent("acme.orders.Hello", "config=" + config + ",port=0")) {
            assertEquals(0, program.awaitExit(), "Weft's threads never keep the JVM alive");
            await().atMost(Duration.ofSeconds(10)).until(() -> !program.stdout().isEmpty());
            assertEquals(List.of("hello from OrderService"), program.stdout());
            assertEquals(1, program.stderrLinesWith("[weft] Weft ").size(), "Weft ran, endpoint included");
        }
    }

    @Test
    void withoutConfigTheEndpointRunsAndNothingIsWoven() throws Exception {
        try (AppProcess app = AppProcess.withAgent("port=0").awaitAppAndAgent()) {
            assertLine(app, "started with no config, nothing woven");
            assertEquals(200, app.app("/orders/place?item=a&qty=1").statusCode());
            Scrape scrape = new Scrape(app.scrape());
            assertEquals(0, scrape.value("weft_selectors"));
            Promtool.assertCleanMetrics(scrape.text());
        }
    }

    @Test
    void aMissingConfigFileIsNamed() throws Exception {
        Path missing = dir.resolve("nowhere.yaml");
        try (AppProcess app = AppProcess.withAgent("config=" + missing + ",port=0").awaitAppAndAgent()) {
            assertLine(app, missing + ": cannot read the config: no such file");
            assertEquals(200, app.app("/ping").statusCode());
        }
    }

    @Test
    void configFromSystemPropertyOrEnvironment() throws Exception {
        Path config = Configs.write(dir, "weft.yaml", GOOD_SELECTOR);
        try (AppProcess app = AppProcess.withAgent("port=0", "-Dweft.config=" + config).awaitAppAndAgent()) {
            app.app("/orders/place?item=a&qty=1");
            assertEquals(1, new Scrape(app.scrape()).value("weft_method_calls_total", "selector", "checkout"));
        }
        try (AppProcess app = AppProcess.withAgent("port=0", Map.of("WEFT_CONFIG", config.toString())).awaitAppAndAgent()) {
            app.app("/orders/place?item=a&qty=1");
            assertEquals(1, new Scrape(app.scrape()).value("weft_method_calls_total", "selector", "checkout"));
        }
    }

    @Test
    void aClassThatCannotBeWovenIsLeftAsItWasCountedAndNamedOnce() throws Exception {
        Path config = Configs.write(dir, "weft.yaml", GOOD_SELECTOR + """
                  - name: rules
                    class: acme.orders.legacy.GeneratedRules
                """);
        try (AppProcess app = AppProcess.withAgent("config=" + config + ",port=0").awaitAppAndAgent()) {
            // (5 * 37) % 100 + 10: the generated table's own answer, unchanged
            assertEquals("95", app.app("/rules?i=5").body().trim());
            assertEquals("95", app.app("/rules?i=5").body().trim());
            assertEquals(200, app.app("/orders/place?item=a&qty=1").statusCode());
            Scrape scrape = new Scrape(app.scrape());
            assertEquals(1, scrape.value("weft_weave_errors_total"));
            assertEquals(0, scrape.value("weft_woven_methods", "selector", "rules"));
            assertFalse(scrape.anyWithLabel("selector", "rules") && scrape.has("weft_method_duration_seconds_count", "selector", "rules"));
            assertEquals(1, scrape.value("weft_method_calls_total", "selector", "checkout"));
            assertEquals(1, app.stderrLinesWith("could not weave acme.orders.legacy.GeneratedRules").size(),
                    String.join("\n", app.stderr()));
            ReliabilityLog.row("Weaving", "a method just under the JVM's 64 KB code limit, which advice would push over",
                    "the class runs unchanged and answers as without Weft", "left the class unwoven, counted it in "
                            + "weft_weave_errors_total, named it once; the other selectors kept counting",
                    "weave errors 1; other calls counted 1 of 1");
        }
    }

    private static void assertLine(AppProcess app, String text) {
        assertFalse(app.stderrLinesWith(text).isEmpty(),
                "no stderr line contains '" + text + "'; stderr:\n" + String.join("\n", app.stderr()));
    }
}
