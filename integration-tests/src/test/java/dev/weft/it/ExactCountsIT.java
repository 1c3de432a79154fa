package dev.weft.it;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Counts are exact under concurrency: no call lost or counted twice. */
class ExactCountsIT {

    @Test
    void twoThreadsTimesAMillionCallsGiveExactlyTwoMillion(@TempDir Path dir) throws Exception {
        Path config = Configs.write(dir, "weft.yaml", """
                instrument:
                  - name: work
                    class: acme.orders.WorkUnit
                    record: [timer, count, errors, inflight]
                """);
        try (AppProcess app = AppProcess.withAgent("config=" + config + ",port=0").awaitAppAndAgent()) {
            // each call returns i & 7, so the app's own result is known too
            assertEquals(String.valueOf(2 * 3_500_000L), app.app("/spin?threads=2&calls=1000000").body().trim());
            Scrape scrape = new Scrape(app.scrape());
            String[] labels = {"selector", "work", "class", "acme.orders.WorkUnit", "method", "step"};
            assertEquals(2_000_000, scrape.value("weft_method_calls_total", labels));
            assertEquals(2_000_000, scrape.value("weft_method_duration_seconds_count", labels));
            assertEquals(0, scrape.value("weft_method_inflight", labels));
            assertEquals(0, scrape.matching("weft_method_errors_total", labels).size());
        }
    }
}
