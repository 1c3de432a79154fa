package dev.weft.agent.config;

import org.yaml.snakeyaml.nodes.Node;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** Reads a selector's {@code metric:}, {@code labels:} and {@code value:} keys. */
final class CaptureParser {

    /** {@code arg0}, {@code return}, then getters or fields: {@code arg1.customer.region}. */
    static final Pattern EXPRESSION = Pattern.compile("(arg(0|[1-9][0-9]{0,2})|return)(\\.[A-Za-z_$][A-Za-z0-9_$]*){0,8}");
    static final Pattern METRIC_NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
    /** Labels Weft sets itself, or that mean something to Prometheus. */
    static final Set<String> RESERVED_LABELS = Set.of("selector", "class", "method", "exception", "le", "quantile",
            "job", "instance");
    static final int MAX_LABELS = 8;

    private CaptureParser() {
    }

    /** The selector's capture, {@link Capture#NONE} when it has none of the keys, or null (reported). */
    static Capture capture(YamlReader reader, Map<String, Node> keys, String path) {
        boolean valid = true;
        String metric = null;
        if (keys.containsKey("metric")) {
            metric = reader.scalar(keys.get("metric"), path + ".metric");
            if (metric != null) {
                metric = metric.trim();
                if (!METRIC_NAME.matcher(metric).matches()) {
                    reader.problem(keys.get("metric"), path + ".metric", "'" + metric
                            + "' is not a Prometheus metric name (letters, digits, '_' and ':', not starting with a digit)");
                    valid = false;
                } else if (metric.endsWith("_total") || metric.startsWith("__")) {
                    reader.problem(keys.get("metric"), path + ".metric", "'" + metric
                            + "' must not end in _total or start with __: Weft adds the suffixes itself");
                    valid = false;
                }
            } else {
                valid = false;
            }
        }
        Map<String, String> labels = new LinkedHashMap<>();
        if (keys.containsKey("labels")) {
            Node node = keys.get("labels");
            int before = reader.problemCount();
            Map<String, String> written = reader.stringMap(node, path + ".labels");
            valid &= reader.problemCount() == before;
            for (Map.Entry<String, String> entry : written.entrySet()) {
                String key = path + ".labels." + entry.getKey();
                String label = entry.getKey().trim();
                String expression = entry.getValue().trim();
                if (!LABEL_NAME.matcher(label).matches() || label.startsWith("__")) {
                    reader.problem(node, key, "'" + label + "' is not a Prometheus label name");
                    valid = false;
                } else if (RESERVED_LABELS.contains(label)) {
                    reader.problem(node, key, "'" + label + "' is a label Weft or Prometheus sets itself; choose another name");
                    valid = false;
                } else if (!EXPRESSION.matcher(expression).matches()) {
                    reader.problem(node, key, expressionProblem(expression));
                    valid = false;
                } else {
                    labels.put(label, expression);
                }
            }
            if (written.size() > MAX_LABELS) {
                reader.problem(node, path + ".labels", written.size() + " labels; at most " + MAX_LABELS
                        + " (each multiplies the series)");
                valid = false;
            }
            if (written.isEmpty() && valid && !YamlReader.isNull(node)) {
                reader.problem(node, path + ".labels", "is empty; leave the key out for no labels");
                valid = false;
            }
        }
        String value = null;
        if (keys.containsKey("value")) {
            value = reader.scalar(keys.get("value"), path + ".value");
            if (value == null) {
                valid = false;
            } else if (!EXPRESSION.matcher(value.trim()).matches()) {
                reader.problem(keys.get("value"), path + ".value", expressionProblem(value.trim()));
                valid = false;
            } else {
                value = value.trim();
            }
        }
        if (!valid) {
            return null;
        }
        if (metric == null && labels.isEmpty() && value == null) {
            return Capture.NONE;
        }
        return new Capture(metric, Collections.unmodifiableMap(labels), value);
    }

    private static String expressionProblem(String expression) {
        return "'" + expression + "' is not an argument or return value: write arg0, arg1, ... or return,"
                + " optionally followed by getters or fields, e.g. arg1.type or return.status";
    }

    /**
     * Selectors that share a {@code metric:} must agree on its labels, or one family would hold
     * series with different label names. Reports the later selector; true when it may stay.
     */
    static boolean agreesWithEarlier(YamlReader reader, Node node, String path, Selector selector,
                                     Map<String, Selector> byMetric) {
        List<String> mine = List.copyOf(selector.capture().labels().keySet());
        if (!mine.isEmpty() && selector.metricName().equals(Capture.DEFAULT_METRIC)) {
            reader.problem(node, path + ".labels", "a selector with labels needs a metric name of its own (metric: ...): "
                    + Capture.DEFAULT_METRIC + "'s series carry selector, class and method only");
            return false;
        }
        Selector earlier = byMetric.putIfAbsent(selector.metricName(), selector);
        List<String> theirs = earlier == null ? mine : List.copyOf(earlier.capture().labels().keySet());
        if (!mine.equals(theirs)) {
            reader.problem(node, path + ".labels", "metric '" + selector.metricName() + "' already has labels " + theirs
                    + " (selector '" + earlier.name() + "'); selectors sharing a metric need the same labels");
            return false;
        }
        return true;
    }
}
