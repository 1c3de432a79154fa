package dev.weft.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One short run of each overhead harness, Weft against no agent (the competitors' jars are fetched
 * by bin/bench only): proves they start their JVMs, measure and write their tables. The figures
 * themselves come from bin/bench; nothing here is timed.
 */
class BenchmarksSmokeTest {

    @TempDir
    Path out;

    private String run(String benchmark) throws Exception {
        return Bench.run(benchmark, Map.of("agent", System.getProperty("weft.agent.jar"),
                "app", System.getProperty("weft.orders.jar"), "quick", "true"), out);
    }

    @Test
    void perCallOverheadHasARowPerConfigAndThreadCount() throws Exception {
        String report = run("overhead");

        for (String row : new String[] {"| no agent (baseline) | 1 |", "| no agent (baseline) | 2 |",
                "| Weft `record: [count]` | 1 |", "| Weft `record: [timer, errors]` | 2 |",
                "| Weft `[timer, errors]` + `trace: true`, sampled (ratio 1) | 1 |",
                "| Weft `[timer, errors]` + `trace: true`, unsampled (ratio 0) | 2 |",
                "| no agent (baseline), future-returning method | 1 |",
                "| Weft `record: [timer, errors]`, future-returning method | 2 |",
                "| Weft `[timer, errors]` + `trace: true`, sampled (ratio 1), future-returning method | 1 |"}) {
            assertTrue(report.contains(row), row + " in\n" + report);
        }
        assertTrue(report.contains("2 threads / 1 thread"), report);
        assertTrue(report.contains("- Weft `[timer, errors]` on the future-returning method adds "), report);
        assertTrue(report.contains("OpenTelemetry Java agent: not run (no jar given)"), report);
    }

    @Test
    void metricsOnlyAdviceAllocatesNothingPerCallAndAFutureOneSmallCallback() throws Exception {
        String report = run("alloc");

        // | Weft `record: [timer, errors]` | ns ± error | bytes per operation | bytes per call | target |
        Matcher row = Pattern.compile("\\| Weft `record: \\[timer, errors\\]` \\| [^|]+ \\| ([0-9.]+) \\| [^|]+ \\| ([^|]+) \\|")
                .matcher(report);
        assertTrue(row.find(), report);
        assertTrue(Double.parseDouble(row.group(1)) < 1.0, "bytes per operation of ten woven calls:\n" + report);
        assertEquals("0 B: met", row.group(2).trim(), report);

        Matcher baseline = Pattern.compile(
                "\\| no agent \\(baseline\\), future-returning method \\| [^|]+ \\| [^|]+ \\| ([0-9.]+) \\|").matcher(report);
        assertTrue(baseline.find(), report);
        assertTrue(Double.parseDouble(baseline.group(1)) < 0.5, "the unwoven method allocates nothing of its own:\n" + report);
        Matcher woven = Pattern.compile("\\| Weft `record: \\[timer, errors\\]`, future-returning method "
                + "\\| [^|]+ \\| [^|]+ \\| ([0-9.]+) \\| ([^|]+) \\|").matcher(report);
        assertTrue(woven.find(), report);
        // The AsyncCall and the stage whenComplete returns: tens of bytes, not a span's hundreds.
        double bytesPerCall = Double.parseDouble(woven.group(1));
        assertTrue(bytesPerCall >= 16 && bytesPerCall <= 96, "bytes per call of the woven future-returning method:\n" + report);
        assertTrue(woven.group(2).startsWith("one callback"), report);
    }

    @Test
    void startupMeasuresHelloWorldTheAppAndItsMemory() throws Exception {
        String report = run("startup");

        assertTrue(Pattern.compile("\\| Weft, 10 selectors \\| [0-9.]+ \\(").matcher(report).find(), report);
        assertTrue(report.contains("Weft adds **"), report);
        // Footprint row: jar size, then resident memory read from /proc.
        Matcher footprint = Pattern.compile("\\| Weft, 10 selectors \\| ([0-9.]+) \\| ([0-9.]+) \\(").matcher(report);
        assertTrue(footprint.find(), report);
        assertTrue(Double.parseDouble(footprint.group(1)) > 1, "the agent jar is megabytes:\n" + report);
        assertTrue(Double.parseDouble(footprint.group(2)) > 10, "a JVM holds tens of MB:\n" + report);
        assertFalse(report.contains("NaN"), report);
    }

    @Test
    void serviceUnderLoadReportsLatencyAndThroughput() throws Exception {
        String report = run("service");

        // | agent | mean latency | p99 latency | requests/s | vs no agent |
        Matcher weft = Pattern.compile("\\| Weft, 10 selectors \\(metrics\\) \\| [^|]+ \\| [^|]+ \\| ([0-9.]+) \\(").matcher(report);
        assertTrue(weft.find(), report);
        assertTrue(Double.parseDouble(weft.group(1)) > 0, "requests per second measured:\n" + report);
        assertFalse(report.contains("NaN"), report);
    }

    @Test
    void scrapeServesExactlyTheAskedSeries() throws Exception {
        String report = run("scrape");

        // The method series counted in the scrape itself; a mismatch would print "(of 100 asked)".
        assertTrue(report.contains("\n| 100 | "), report);
    }
}
