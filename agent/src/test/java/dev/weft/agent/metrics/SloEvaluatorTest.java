package dev.weft.agent.metrics;

import dev.weft.agent.config.ConfigLoader;
import dev.weft.agent.config.ConfigResult;
import dev.weft.agent.config.WeftConfig;
import dev.weft.bootstrap.MethodProbe;
import dev.weft.bootstrap.Probes;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** SLOs over a sliding window, driven tick by tick. */
class SloEvaluatorTest {

    private final WeftConfig config = config();
    private final MethodMetrics methods = new MethodMetrics(config.metrics().bucketsSeconds());
    private final MethodWindows windows = new MethodWindows(methods, Duration.ofSeconds(30));
    private final SloEvaluator slos = new SloEvaluator(methods, windows, config.slos());
    private final MethodMetrics.Entry place = woven("place");
    private final MethodMetrics.Entry cancel = woven("cancel");

    private static WeftConfig config() {
        ConfigResult result = ConfigLoader.parse("""
                instrument:
                  - name: checkout
                    class: acme.Checkout
                slos:
                  - name: fast
                    selector: checkout
                    latency: {percentile: 90, below: 40ms}
                    success: 99%
                    window: 10s
                """, "weft.yaml", "svc");
        assertEquals(List.of(), result.problems());
        return result.config();
    }

    private MethodMetrics.Entry woven(String method) {
        MethodMetrics.Entry entry = methods.probeFor(config.instrument().get(0), "acme.Checkout", method);
        methods.commit(getClass().getClassLoader(), "acme.Checkout." + method,
                List.of(new MethodMetrics.WovenMethod(entry, method + "()")));
        return entry;
    }

    private void calls(MethodMetrics.Entry entry, int count, long nanos, boolean fail) {
        MethodProbe probe = Probes.get(entry.id());
        for (int i = 0; i < count; i++) {
            probe.record(Probes.TIMER | Probes.ERRORS, nanos, fail ? new IllegalStateException() : null);
        }
    }

    @Test
    void thresholdsBecomeBucketBounds() {
        assertTrue(config.metrics().bucketsSeconds().contains(0.04), config.metrics().bucketsSeconds().toString());
    }

    @Test
    void aWindowWithoutCallsBreaksNothing() {
        SloEvaluator.State state = slos.evaluate().get(0);
        assertTrue(state.met());
        assertEquals(0, state.calls());
        assertTrue(Double.isNaN(state.objectives().get(0).value()));
    }

    @Test
    void slowCallsAcrossTheSelectorsMethodsViolateTheLatencyObjective() {
        calls(place, 85, 10_000_000, false);
        calls(cancel, 15, 80_000_000, false); // 15% of the selector's calls above 40 ms: p90 is above it
        windows.tickNow();
        SloEvaluator.State state = slos.evaluate().get(0);
        assertEquals(100, state.calls());
        SloEvaluator.Objective latency = state.objectives().get(0);
        assertFalse(latency.met());
        assertEquals(0.08, latency.value(), 0.08 * 0.02);
        assertTrue(state.objectives().get(1).met(), "nothing threw");
    }

    @Test
    void errorsViolateTheSuccessObjective() {
        calls(place, 98, 1_000_000, false);
        calls(place, 2, 1_000_000, true);
        windows.tickNow();
        SloEvaluator.Objective success = slos.evaluate().get(0).objectives().get(1);
        assertEquals(0.98, success.value(), 1e-9);
        assertFalse(success.met());
    }

    @Test
    void theWindowSlidesOldCallsOut() {
        calls(place, 50, 100_000_000, true); // a bad burst
        windows.tickNow();
        assertFalse(slos.evaluate().get(0).met());
        int ticksPerWindow = (int) (Duration.ofSeconds(10).toMillis() / windows.tick().toMillis());
        for (int t = 0; t < ticksPerWindow; t++) {
            calls(place, 100, 1_000_000, false);
            windows.tickNow();
        }
        SloEvaluator.State state = slos.evaluate().get(0);
        assertTrue(state.met(), "the burst left the window: " + state);
        assertEquals(100L * ticksPerWindow, state.calls());
    }

    @Test
    void anObjectiveWhoseThresholdIsNotABucketInForceIsMarked() {
        // the SLOs of a reload that added one: the histograms kept the buckets they started with
        ConfigResult reloaded = ConfigLoader.parse("""
                instrument:
                  - name: checkout
                    class: acme.Checkout
                slos:
                  - name: fast
                    selector: checkout
                    latency: {percentile: 90, below: 40ms}
                    window: 10s
                  - name: added
                    selector: checkout
                    latency: {percentile: 90, below: 30ms}
                    window: 10s
                """, "weft.yaml", "svc");
        slos.slos(reloaded.config().slos());
        calls(place, 10, 1_000_000, false);
        windows.tickNow();
        List<SloEvaluator.State> states = slos.evaluate();
        assertTrue(states.get(0).objectives().get(0).thresholdBucket(), "40 ms was a bucket from the start");
        SloEvaluator.Objective added = states.get(1).objectives().get(0);
        assertFalse(added.thresholdBucket(), "30 ms is not a bucket until the next start");
        assertTrue(added.met(), "Weft's own verdict still reads the fine-grained histogram");
    }

    @Test
    void gaugesCarryTheSloAndObjective() {
        calls(place, 10, 1_000_000, false);
        windows.tickNow();
        List<MetricSnapshot> families = slos.collect();
        assertEquals(List.of("weft_slo_target", "weft_slo_value", "weft_slo_met"),
                families.stream().map(MetricSnapshot::name).toList());
        MetricSnapshot.Gauge met = (MetricSnapshot.Gauge) families.get(2);
        assertEquals(2, met.points().size());
        assertEquals("fast", met.points().get(0).labels().get("slo"));
        assertEquals("latency", met.points().get(0).labels().get("objective"));
        assertEquals(1.0, met.points().get(0).value());
    }
}
