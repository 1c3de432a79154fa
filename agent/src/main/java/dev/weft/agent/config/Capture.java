package dev.weft.agent.config;

import java.util.Map;
import java.util.Objects;

/**
 * What a selector takes from the calls it measures beyond their timing: the metric name its series
 * carry, labels read from arguments or the return value, and a number to sum.
 *
 * @param metric the series prefix ({@code metric:}), or {@code null} for {@code weft_method}
 * @param labels label name to expression ({@code arg0}, {@code arg1.type}, {@code return.code}), in
 *               the order written; empty when none
 * @param value  the expression whose number is summed into {@code <metric>_total}, or {@code null}
 */
public record Capture(String metric, Map<String, String> labels, String value) {

    public static final String DEFAULT_METRIC = "weft_method";
    public static final Capture NONE = new Capture(null, Map.of(), null);

    /** True when woven code must hand over the arguments or return value. */
    public boolean readsValues() {
        return !labels.isEmpty() || value != null;
    }

    @Override
    public boolean equals(Object other) {
        // labels compared in order: a reordered mapping changes the series' label order
        return other instanceof Capture that && Objects.equals(metric, that.metric)
                && Objects.equals(value, that.value)
                && java.util.List.copyOf(labels.entrySet()).equals(java.util.List.copyOf(that.labels.entrySet()));
    }

    @Override
    public int hashCode() {
        return Objects.hash(metric, labels, value);
    }

    @Override
    public String toString() {
        return "metric " + metric + " labels " + labels + " value " + value;
    }
}
