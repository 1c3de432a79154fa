package dev.weft.agent.config;

import org.yaml.snakeyaml.nodes.Node;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Reads {@code metrics:}; a bad setting keeps its default. */
final class MetricsParser {

    static final List<String> METRICS_KEYS = List.of("buckets", "runtime", "max-series", "window");

    private MetricsParser() {
    }

    /** The section as written: the SLOs' latency thresholds are not among the buckets yet. */
    static MetricsConfig metrics(YamlReader reader, Node node) {
        Map<String, Node> keys = reader.mapping(node, "metrics", METRICS_KEYS);
        MetricsConfig defaults = MetricsConfig.DEFAULT;
        boolean runtime = defaults.runtime();
        if (keys.containsKey("runtime")) {
            Boolean value = reader.bool(keys.get("runtime"), "metrics.runtime");
            runtime = value == null || value;
        }
        List<Double> buckets = defaults.bucketsSeconds();
        if (keys.containsKey("buckets")) {
            List<Double> parsed = buckets(reader, keys.get("buckets"));
            if (parsed != null) {
                buckets = parsed;
            }
        }
        int maxSeries = defaults.maxSeries();
        if (keys.containsKey("max-series")) {
            Integer value = reader.integer(keys.get("max-series"), "metrics.max-series", 1, 1_000_000);
            if (value != null) {
                maxSeries = value;
            }
        }
        Duration window = defaults.window();
        if (keys.containsKey("window")) {
            Duration value = reader.duration(keys.get("window"), "metrics.window");
            if (value != null && SloParser.withinWindowLimits(reader, keys.get("window"), "metrics.window", value)) {
                window = value;
            }
        }
        return new MetricsConfig(buckets, runtime, maxSeries, window);
    }

    private static List<Double> buckets(YamlReader reader, Node node) {
        List<Node> items = reader.items(node, "metrics.buckets");
        if (items.isEmpty()) {
            reader.problem(node, "metrics.buckets", "is empty; the default buckets stay in force");
            return null;
        }
        List<Double> values = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            String key = "metrics.buckets[" + i + "]";
            Double value = reader.number(items.get(i), key);
            if (value == null) {
                return null;
            }
            if (value <= 0) {
                reader.problem(items.get(i), key, value + " must be above 0 (seconds); the default buckets stay in force");
                return null;
            }
            if (!values.isEmpty() && value <= values.get(values.size() - 1)) {
                reader.problem(items.get(i), key, value + " must be greater than the bucket before it ("
                        + values.get(values.size() - 1) + "); the default buckets stay in force");
                return null;
            }
            values.add(value);
        }
        return List.copyOf(values);
    }
}
