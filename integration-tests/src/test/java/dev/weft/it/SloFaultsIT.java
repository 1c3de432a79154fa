package dev.weft.it;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** SLOs that would say less than the truth: each must see the calls of its own window. */
class SloFaultsIT {

    private static final String CHECKOUT = """
            instrument:
              - name: checkout
                class: acme.orders.OrderService
                methods: [placeOrder]
                record: [timer, count, errors]
            """;

    @TempDir
    Path dir;

    @Test
    void anSloAddedByReloadSaysItsThresholdHasNoBucketUntilRestart() throws Exception {
        String before = CHECKOUT + """
                slos:
                  - name: fast
                    selector: checkout
                    latency: {percentile: 95, below: 100ms}
                """;
        String after = before + """
                  - name: added
                    selector: checkout
                    latency: {percentile: 95, below: 300ms}
                """;
        Path config = Configs.write(dir, "weft.yaml", before);
        try (AppProcess app = AppProcess.withAgent("config=" + config + ",port=0,watch=200ms").awaitAppAndAgent()) {
            int served = 0;
            for (int i = 0; i < 10; i++) {
                assertEquals(200, app.app("/orders/place?item=book&qty=1").statusCode());
                served++;
            }
            Configs.replace(config, after);
            app.awaitStderr("config reloaded");
            List<String> said = app.stderrLinesWith("is not a bucket");
            assertEquals(1, said.size(), String.join("\n", app.stderr()));
            assertTrue(said.get(0).contains("SLO 'added' (" + config + ":10): its latency threshold 0.3 s is not a "
                    + "bucket of the histograms in force"), said.get(0));
            assertEquals(List.of(), app.stderrLinesWith("metrics.buckets changed"), "the file's buckets did not change");
            for (int i = 0; i < 10; i++) {
                assertEquals(200, app.app("/orders/place?item=book&qty=1").statusCode());
                served++;
            }
            String slos = app.weft("/slos").body();
            assertTrue(slos.contains("\"thresholdBucket\":\"missing until restart\""), slos);
            assertEquals(1, slos.split("thresholdBucket", -1).length - 1, "only the SLO the reload added: " + slos);
            assertTrue(slos.substring(slos.indexOf("\"name\":\"added\"")).contains("thresholdBucket"), slos);
            Scrape scrape = new Scrape(app.scrape());
            assertTrue(scrape.has("weft_method_duration_seconds_bucket", "method", "placeOrder", "le", "0.1"));
            assertFalse(scrape.has("weft_method_duration_seconds_bucket", "method", "placeOrder", "le", "0.3"),
                    "no bucket of the new threshold until the next start");
            WeftCli.Result rules = WeftCli.run("rules", "--config", config.toString());
            assertEquals(0, rules.exitCode(), rules.stderr());
            assertTrue(rules.stdout().contains("le=\"0.3\""), "the rules query the bucket the process lacks");
            // configs to come start with the bucket: a restart puts the objective in the rules' sight
            try (AppProcess restarted = AppProcess.withAgent("config=" + config + ",port=0").awaitAppAndAgent()) {
                assertEquals(200, restarted.app("/orders/place?item=book&qty=1").statusCode());
                assertTrue(new Scrape(restarted.scrape()).has("weft_method_duration_seconds_bucket", "method",
                        "placeOrder", "le", "0.3"));
                assertFalse(restarted.weft("/slos").body().contains("thresholdBucket"));
            }
            ReliabilityLog.row("Runtime", "an SLO added by reload whose latency threshold (300 ms) is not a bucket of the "
                            + "running histograms, so the generated rules' le=\"0.3\" has no series",
                    served + "/20 requests answered 200", "said so once at the reload: `" + said.get(0).substring(
                            said.get(0).indexOf("SLO 'added'")).replace(config.toString(), "weft.yaml") + "`; /slos "
                            + "marks the objective (thresholdBucket: missing until restart); after a restart the "
                            + "bucket exists and the mark is gone", "warnings 1; objectives marked 1 of 2");
        }
    }

    /** The SLO's object in {@code /slos}, up to its objectives. */
    static String slo(String slos, String name) {
        Matcher m = Pattern.compile("\\{\"name\":\"" + Pattern.quote(name) + "\",[^\\[]*").matcher(slos);
        assertTrue(m.find(), name + " in " + slos);
        return m.group();
    }

    static long number(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\":([0-9]+)").matcher(json);
        assertTrue(m.find(), name + " in " + json);
        return Long.parseLong(m.group(1));
    }

    @Test
    void aDaySloBesideAFiveMinuteOneLeavesItsResolutionAlone() throws Exception {
        Path config = Configs.write(dir, "weft.yaml", CHECKOUT + """
                slos:
                  - name: five-minutes
                    selector: checkout
                    success: 99%
                    window: 5m
                  - name: a-day
                    selector: checkout
                    success: 99%
                    window: 24h
                """);
        try (AppProcess app = AppProcess.withAgent("config=" + config + ",port=0").awaitAppAndAgent()) {
            long started = System.nanoTime();
            int[] sent = {0};
            int[] refused = {0};
            // half the orders are refused by the service (quantity 0 throws in placeOrder)
            await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(200)).until(() -> {
                for (int i = 0; i < 4; i++) {
                    int status = app.app("/orders/place?item=book&qty=" + (i % 2)).statusCode();
                    sent[0]++;
                    refused[0] += status == 400 ? 1 : 0;
                }
                String fiveMinutes = slo(app.weft("/slos").body(), "five-minutes");
                return number(fiveMinutes, "calls") > 0;
            });
            long seconds = (System.nanoTime() - started) / 1_000_000_000L;
            assertEquals(sent[0] / 2, refused[0], "the service refused every other order, as without Weft");
            String fiveMinutes = slo(app.weft("/slos").body(), "five-minutes");
            assertTrue(fiveMinutes.contains("\"met\":false"), fiveMinutes);
            long calls = number(fiveMinutes, "calls");
            long errors = number(fiveMinutes, "errors");
            // The calls alternate refused, placed, refused... from the first, and a tick may close
            // between any two: the window holds a prefix of them, so half its calls rounded up failed.
            assertEquals((calls + 1) / 2, errors, fiveMinutes);
            Scrape scrape = new Scrape(app.scrape());
            assertEquals(0, scrape.value("weft_slo_met", "slo", "five-minutes", "objective", "success"));
            ReliabilityLog.row("Runtime", "a 24 h SLO beside a 5 m SLO in one config, while half the calls fail",
                    sent[0] + " orders sent, " + refused[0] + " refused by the service (as without Weft)",
                    "each window kept at its own resolution: the 5 m SLO moved in 10 s ticks and reported "
                            + "violated, the 24 h one in 1 h ticks",
                    "5 m SLO violated after " + seconds + " s: " + calls + " calls, " + errors + " errors");
        }
    }
}
