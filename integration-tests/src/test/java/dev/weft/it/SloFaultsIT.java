package dev.weft.it;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
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
            assertEquals(calls / 2, errors, fiveMinutes);
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
