package dev.weft.bench.reload;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.nio.file.Paths;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Proves the harness works end to end on a small case; the figures themselves come from bin/bench. */
class ReloadPauseSmokeTest {

    @Test
    void oneShortRunProducesTheTable() throws Exception {
        Path agent = Paths.get(System.getProperty("weft.agent.jar"));

        String report = ReloadPauseBenchmark.run(agent, 100, 1, new int[] {32});

        assertTrue(report.contains("| 32 classes per batch | weave all | 4 |"), report);
        assertTrue(report.contains("| 32 classes per batch | unweave all | 4 |"), report);
        assertTrue(report.contains("| all at once (baseline) | weave all | 1 |"), report);
        assertTrue(report.contains("ratio all-at-once / batched"), report);
        assertFalse(report.contains("| 0.0 (0.0–0.0) |"), "every figure was measured, stop-the-world pauses included:\n" + report);
    }
}
