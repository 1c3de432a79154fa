package dev.weft.agent.config;

import java.time.Duration;
import java.util.List;

/**
 * {@code metrics:}.
 *
 * @param bucketsSeconds histogram upper bounds in seconds, strictly increasing; every SLO latency
 *                       threshold is among them
 * @param runtime        whether the JVM's own metrics are served
 * @param maxSeries      label sets per captured metric before the rest share {@code other}
 * @param window         the sliding window of the per-method quantiles, rates and error ratios
 */
public record MetricsConfig(List<Double> bucketsSeconds, boolean runtime, int maxSeries, Duration window) {

    public static final List<Double> DEFAULT_BUCKETS = List.of(
            0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0);
    public static final int DEFAULT_MAX_SERIES = 2000;
    public static final Duration DEFAULT_WINDOW = Duration.ofMinutes(1);
    public static final MetricsConfig DEFAULT = new MetricsConfig(DEFAULT_BUCKETS, true, DEFAULT_MAX_SERIES,
            DEFAULT_WINDOW);

    public MetricsConfig withBuckets(List<Double> buckets) {
        return new MetricsConfig(buckets, runtime, maxSeries, window);
    }

    public String canonical() {
        return "buckets " + bucketsSeconds + "\nruntime metrics " + runtime + "\nmax series " + maxSeries
                + "\nwindow " + window;
    }
}
