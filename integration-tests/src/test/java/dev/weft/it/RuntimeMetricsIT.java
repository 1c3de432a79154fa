package dev.weft.it;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The JVM's own metrics, on by default, and /version. */
class RuntimeMetricsIT {

    @Test
    void theJvmIsDescribedUnderTheNamesUsersScrape(@TempDir Path dir) throws Exception {
        Path config = Configs.write(dir, "weft.yaml", "service: {name: orders-runtime}\n");
        try (AppProcess app = AppProcess.withAgent("config=" + config + ",port=0").awaitAppAndAgent()) {
            Scrape scrape = new Scrape(app.scrape());
            Promtool.assertCleanMetrics(scrape.text());

            double heap = scrape.matching("jvm_memory_used_bytes", "area", "heap").stream().mapToDouble(Scrape.Series::value).sum();
            assertTrue(heap > 0, "heap in use: " + heap);
            assertFalse(scrape.matching("jvm_memory_used_bytes", "area", "nonheap").isEmpty(), "non-heap pools too");
            assertFalse(scrape.all("jvm_memory_committed_bytes").isEmpty());
            assertFalse(scrape.all("jvm_gc_collections_total").isEmpty(), "a series per collector");
            assertFalse(scrape.all("jvm_gc_collection_seconds_total").isEmpty());
            double live = scrape.value("jvm_threads_live");
            assertTrue(live >= 2, "main thread, server threads and more: " + live);
            double byState = scrape.all("jvm_threads_state").stream().mapToDouble(Scrape.Series::value).sum();
            assertTrue(Math.abs(byState - live) <= 5, "threads by state add up to about the live count: " + byState + " vs " + live);
            assertTrue(scrape.value("jvm_threads_daemon") <= live);
            assertTrue(scrape.value("jvm_classes_currently_loaded") > 1000);
            assertTrue(scrape.value("jvm_classes_loaded_total") >= scrape.value("jvm_classes_currently_loaded"));
            assertTrue(scrape.value("process_cpu_seconds_total") > 0);
            assertTrue(scrape.value("process_uptime_seconds") > 0);
            assertTrue(scrape.value("process_start_time_seconds") > 1.7e9);
            assertTrue(scrape.value("process_open_fds") > 0);
            assertTrue(scrape.value("process_max_fds") >= scrape.value("process_open_fds"));
            assertTrue(scrape.value("jvm_available_processors") >= 1);

            String version = app.weft("/version").body();
            assertTrue(version.startsWith("{\"agent\":\"0."), version);
            assertTrue(version.contains("\"service\":\"orders-runtime\""), version);
            assertTrue(version.contains("\"java\":\"" + (AppProcess.EXPECTED_FEATURE.isEmpty() ? "" : AppProcess.EXPECTED_FEATURE)),
                    version);
        }
    }

    @Test
    void runtimeMetricsCanBeTurnedOff(@TempDir Path dir) throws Exception {
        Path config = Configs.write(dir, "weft.yaml", "metrics:\n  runtime: false\n");
        try (AppProcess app = AppProcess.withAgent("config=" + config + ",port=0").awaitAppAndAgent()) {
            Scrape scrape = new Scrape(app.scrape());
            assertTrue(scrape.all("jvm_memory_used_bytes").isEmpty());
            assertTrue(scrape.all("process_cpu_seconds_total").isEmpty());
            assertEquals(0, scrape.value("weft_selectors"), "Weft's own metrics stay");
        }
    }
}
