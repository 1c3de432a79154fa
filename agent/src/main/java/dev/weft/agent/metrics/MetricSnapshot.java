package dev.weft.agent.metrics;

import java.util.List;

/**
 * The read side of the registry: immutable values copied out of the live probes. Every exporter
 * (Prometheus text, OpenMetrics, and the ones to come) works from these alone.
 */
public sealed interface MetricSnapshot permits MetricSnapshot.Counter, MetricSnapshot.Gauge, MetricSnapshot.Histogram {

    /** The family name, without {@code _total} for counters. */
    String name();

    String help();

    /** Label names paired with values, in order. */
    record Labels(List<String> names, List<String> values) {
        public static final Labels EMPTY = new Labels(List.of(), List.of());

        public Labels {
            if (names.size() != values.size()) {
                throw new IllegalArgumentException("labels " + names + " do not pair with values " + values);
            }
            names = List.copyOf(names);
            values = List.copyOf(values);
        }

        public String get(String name) {
            int i = names.indexOf(name);
            return i < 0 ? null : values.get(i);
        }
    }

    record Point(Labels labels, double value) {
    }

    /**
     * @param bucketCounts non-cumulative counts per bucket; the last is the +Inf bucket
     * @param sum          total of all observations, in the metric's unit
     */
    record HistogramPoint(Labels labels, long[] bucketCounts, double sum) {
        public long count() {
            long count = 0;
            for (long c : bucketCounts) {
                count += c;
            }
            return count;
        }
    }

    record Counter(String name, String help, List<Point> points) implements MetricSnapshot {
    }

    record Gauge(String name, String help, List<Point> points) implements MetricSnapshot {
    }

    /** @param upperBounds finite inclusive upper bounds, in {@code unit}; +Inf is implied */
    record Histogram(String name, String help, String unit, List<Double> upperBounds,
                     List<HistogramPoint> points) implements MetricSnapshot {
    }
}
