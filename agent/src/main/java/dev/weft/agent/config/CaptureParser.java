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
    /**
     * Name spaces of the families Weft serves itself: its own ({@code weft_method_*},
     * {@code weft_slo_*}, {@code weft_series_dropped}...) and the runtime metrics ({@code jvm_*},
     * {@code process_*}). A scrape with one family twice is rejected whole by Prometheus.
     */
    static final List<String> RESERVED_PREFIXES = List.of("weft_", "jvm_", "process_");
    /** Families Weft serves outside those name spaces: the built-in HTTP server durations. */
    static final Set<String> RESERVED_FAMILIES = Set.of("http_server_request_duration_seconds");

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
                } else if (clash(metric) != null) {
                    reader.problem(keys.get("metric"), path + ".metric", clash(metric));
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

    /** The families a metric name makes: durations, calls, errors, in-flight, and the summed value. */
    static List<String> families(String metric) {
        return List.of(metric + "_duration_seconds", metric + "_calls", metric + "_errors", metric + "_inflight", metric);
    }

    /** Why a metric name would make a family Weft serves itself, or null when it would not. */
    static String clash(String metric) {
        if (metric.equals(Capture.DEFAULT_METRIC)) {
            return null; // the default, written out
        }
        for (String family : families(metric)) {
            if (RESERVED_FAMILIES.contains(family)) {
                return "'" + metric + "' would make " + family + ", a family Weft serves itself; " + TWICE;
            }
            for (String prefix : RESERVED_PREFIXES) {
                if (family.startsWith(prefix)) {
                    return "'" + metric + "' would make " + family + ", and names starting with " + prefix
                            + " are Weft's own (weft_*: Weft's families, jvm_* and process_*: the runtime metrics); "
                            + TWICE;
                }
            }
        }
        return null;
    }

    private static final String TWICE = "Prometheus rejects a scrape that has a family twice: choose a name of your own";

    /**
     * Selectors with different metric names must not make the same family ({@code metric: orders}
     * makes {@code orders_calls}, so does {@code metric: orders_calls} with a value). Reports the
     * later selector; true when it may stay.
     */
    static boolean distinctFamilies(YamlReader reader, Node metricNode, String path, Selector selector,
                                    Map<String, Selector> byFamily) {
        String metric = selector.metricName();
        for (String family : families(metric)) {
            Selector earlier = byFamily.get(family);
            if (earlier != null && !earlier.metricName().equals(metric)) {
                reader.problem(metricNode, path + ".metric", "'" + metric + "' would make " + family
                        + ", a family of metric '" + earlier.metricName() + "' (selector '" + earlier.name() + "'); "
                        + TWICE);
                return false;
            }
        }
        for (String family : families(metric)) {
            byFamily.putIfAbsent(family, selector);
        }
        return true;
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
