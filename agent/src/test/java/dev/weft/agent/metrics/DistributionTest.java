package dev.weft.agent.metrics;

import dev.weft.bootstrap.MethodProbe;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;
import java.util.function.LongSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Quantiles read from the probe's slots against the exact quantiles of known distributions. */
class DistributionTest {

    private static final long[] BOUNDS = MethodMetrics.nanos(dev.weft.agent.config.MetricsConfig.DEFAULT_BUCKETS);
    private static final double TOLERANCE = 0.02;

    @Test
    void uniformLatencies() {
        Random random = new Random(1);
        check("uniform 1-100 ms", () -> 1_000_000 + (long) (random.nextDouble() * 99_000_000));
    }

    @Test
    void exponentialLatencies() {
        Random random = new Random(2);
        check("exponential, mean 5 ms", () -> (long) (-Math.log(1 - random.nextDouble()) * 5_000_000));
    }

    @Test
    void logNormalLatenciesWithALongTail() {
        Random random = new Random(3);
        check("log-normal around 200 µs", () -> (long) Math.exp(Math.log(200_000) + 1.2 * random.nextGaussian()));
    }

    @Test
    void bimodalLatencies() {
        Random random = new Random(4);
        // 90% cache hits near 50 µs, 10% misses near 40 ms: p50 and p99 sit in different modes
        check("bimodal", () -> random.nextDouble() < 0.9 ? 40_000 + random.nextInt(20_000)
                : 30_000_000 + random.nextInt(20_000_000));
    }

    @Test
    void constantLatencyReadsTheSameEverywhere() {
        MethodProbe probe = new MethodProbe(BOUNDS, 1);
        for (int i = 0; i < 1000; i++) {
            probe.observe(3_000_000);
        }
        Distribution d = new Distribution(probe.layout(), probe.slotCounts(), probe.sumNanos());
        for (double value : new double[] {d.min(), d.max(), d.quantile(0.5), d.quantile(0.99)}) {
            assertEquals(0.003, value, 0.003 * TOLERANCE);
        }
        assertEquals(0.003, d.mean(), 1e-12, "the mean is exact: it comes from the sum");
    }

    @Test
    void noCallsHasNoFigures() {
        MethodProbe probe = new MethodProbe(BOUNDS, 1);
        Distribution d = new Distribution(probe.layout(), probe.slotCounts(), probe.sumNanos());
        assertTrue(Double.isNaN(d.quantile(0.5)) && Double.isNaN(d.min()) && Double.isNaN(d.mean()));
    }

    @Test
    void shareBelowAThresholdIsExactAtABucketBound() {
        MethodProbe probe = new MethodProbe(BOUNDS, 1);
        for (int i = 1; i <= 1000; i++) {
            probe.observe(i * 100_000L); // 0.1 ms .. 100 ms
        }
        Distribution d = new Distribution(probe.layout(), probe.slotCounts(), probe.sumNanos());
        assertEquals(0.25, d.shareAtOrBelow(0.025), 0.0); // 25 ms is a default bucket bound
    }

    private static void check(String name, LongSupplier durations) {
        int n = 200_000;
        long[] values = new long[n];
        MethodProbe probe = new MethodProbe(BOUNDS, 1);
        for (int i = 0; i < n; i++) {
            values[i] = durations.getAsLong();
            probe.observe(values[i]);
        }
        Arrays.sort(values);
        Distribution d = new Distribution(probe.layout(), probe.slotCounts(), probe.sumNanos());
        for (double q : new double[] {0.5, 0.9, 0.95, 0.99, 0.999}) {
            double exact = values[(int) Math.ceil(q * n) - 1] / 1e9;
            double estimate = d.quantile(q);
            assertEquals(exact, estimate, exact * TOLERANCE, name + " p" + q * 100 + ": exact " + exact + ", read " + estimate);
        }
        assertEquals(values[0] / 1e9, d.min(), values[0] / 1e9 * TOLERANCE + 1e-9, name + " min");
        assertEquals(values[n - 1] / 1e9, d.max(), values[n - 1] / 1e9 * TOLERANCE, name + " max");
        double mean = Arrays.stream(values).average().orElseThrow() / 1e9;
        assertEquals(mean, d.mean(), mean * 1e-9, name + " mean");
        assertEquals(n, d.count());
    }
}
