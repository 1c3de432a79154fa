package dev.weft.agent.config;

import org.yaml.snakeyaml.nodes.Node;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Reads {@code slos:}; an SLO with any problem is skipped, the others stay. */
final class SloParser {

    static final List<String> SLO_KEYS = List.of("name", "selector", "latency", "success", "window");
    static final List<String> LATENCY_KEYS = List.of("percentile", "below");
    static final Duration MIN_WINDOW = Duration.ofSeconds(10);
    static final Duration MAX_WINDOW = Duration.ofHours(24);

    private SloParser() {
    }

    static List<Slo> slos(YamlReader reader, Node node, List<Selector> instrument) {
        List<Slo> slos = new ArrayList<>();
        Set<String> names = new HashSet<>();
        List<Node> items = reader.items(node, "slos");
        for (int i = 0; i < items.size(); i++) {
            String path = "slos[" + i + "]";
            int before = reader.problemCount();
            Slo slo = slo(reader, items.get(i), path, instrument);
            if (slo != null && reader.problemCount() == before && !names.add(slo.name())) {
                reader.problem(items.get(i), path + ".name", "'" + slo.name()
                        + "' is already the name of an earlier SLO; names must be unique");
            }
            if (reader.problemCount() > before) {
                reader.skippedSince(before, "SLO");
            } else if (slo != null) {
                slos.add(slo);
            }
        }
        return List.copyOf(slos);
    }

    private static Slo slo(YamlReader reader, Node node, String path, List<Selector> instrument) {
        Map<String, Node> keys = reader.mapping(node, path, SLO_KEYS);
        if (keys.isEmpty()) {
            if (!YamlReader.isNull(node)) {
                reader.problem(node, path, "is empty");
            }
            return null;
        }
        String name = required(reader, node, keys, path, "name", "it becomes the 'slo' label");
        String selectorName = required(reader, node, keys, path, "selector", "the name of an instrument selector");
        if (name == null || selectorName == null) {
            return null;
        }
        Selector selector = instrument.stream().filter(s -> s.name().equals(selectorName)).findFirst().orElse(null);
        if (selector == null) {
            List<String> known = instrument.stream().map(Selector::name).toList();
            reader.problem(keys.get("selector"), path + ".selector", "'" + selectorName + "' is not a selector in force"
                    + dev.weft.agent.support.Hints.didYouMean(selectorName, known)
                    + (known.isEmpty() ? "" : " (selectors: " + String.join(", ", known) + ")"));
            return null;
        }
        boolean valid = true;
        Double percentile = null;
        Double below = null;
        if (keys.containsKey("latency")) {
            String latencyPath = path + ".latency";
            Map<String, Node> latency = reader.mapping(keys.get("latency"), latencyPath, LATENCY_KEYS);
            if (!latency.containsKey("percentile") || !latency.containsKey("below")) {
                reader.problem(keys.get("latency"), latencyPath, "needs percentile and below, e.g. {percentile: 95, below: 400ms}");
                return null;
            }
            percentile = reader.number(latency.get("percentile"), latencyPath + ".percentile");
            if (percentile != null && (percentile <= 0 || percentile >= 100)) {
                reader.problem(latency.get("percentile"), latencyPath + ".percentile",
                        percentile + " is out of range: a percentile above 0 and below 100, e.g. 95 or 99.9");
                return null;
            }
            Duration duration = reader.duration(latency.get("below"), latencyPath + ".below");
            valid &= percentile != null && duration != null;
            below = duration == null ? null : duration.toNanos() / 1e9;
            if (valid && !selector.record().contains(Recording.TIMER)) {
                reader.problem(keys.get("latency"), latencyPath, "selector '" + selectorName
                        + "' does not record timer; add timer to its record list");
                return null;
            }
        }
        Double success = null;
        if (keys.containsKey("success")) {
            success = percentage(reader, keys.get("success"), path + ".success");
            valid &= success != null;
            if (success != null && (!selector.record().contains(Recording.ERRORS)
                    || !(selector.record().contains(Recording.TIMER) || selector.record().contains(Recording.COUNT)))) {
                reader.problem(keys.get("success"), path + ".success", "selector '" + selectorName
                        + "' must record errors and timer (or count) for a success objective");
                return null;
            }
        }
        if (!keys.containsKey("latency") && !keys.containsKey("success")) {
            reader.problem(node, path, "needs an objective: latency, success, or both");
            return null;
        }
        Duration window = Slo.DEFAULT_WINDOW;
        if (keys.containsKey("window")) {
            window = reader.duration(keys.get("window"), path + ".window");
            valid &= window != null && withinWindowLimits(reader, keys.get("window"), path + ".window", window);
        }
        if (!valid) {
            return null;
        }
        return new Slo(name, selectorName, percentile, below, success, window, node.getStartMark().getLine() + 1);
    }

    private static String required(YamlReader reader, Node node, Map<String, Node> keys, String path, String key,
                                   String why) {
        String value = keys.containsKey(key) ? reader.scalar(keys.get(key), path + "." + key) : null;
        if (value == null || value.isBlank()) {
            if (!keys.containsKey(key) || value != null) {
                reader.problem(keys.getOrDefault(key, node), path + "." + key, "is required (" + why + ")");
            }
            return null;
        }
        return value.trim();
    }

    /** {@code 99.5%} as 0.995, or null (reported). */
    private static Double percentage(YamlReader reader, Node node, String path) {
        String text = reader.scalar(node, path);
        if (text == null) {
            return null;
        }
        String trimmed = text.trim();
        try {
            if (trimmed.endsWith("%")) {
                double value = Double.parseDouble(trimmed.substring(0, trimmed.length() - 1).trim());
                if (value > 0 && value < 100) {
                    return value / 100;
                }
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        reader.problem(node, path, "'" + trimmed + "' is not a percentage above 0% and below 100%, e.g. 99.5%");
        return null;
    }

    static boolean withinWindowLimits(YamlReader reader, Node node, String path, Duration window) {
        if (window.compareTo(MIN_WINDOW) < 0 || window.compareTo(MAX_WINDOW) > 0) {
            reader.problem(node, path, "must be between 10s and 24h");
            return false;
        }
        return true;
    }

    /**
     * The buckets with every latency objective's threshold added, so that the alert rules can count
     * the calls slower than it exactly ({@code le="0.4"}).
     */
    static List<Double> withThresholds(List<Double> buckets, List<Slo> slos) {
        TreeSet<Double> all = new TreeSet<>(buckets);
        for (Slo slo : slos) {
            if (slo.hasLatency()) {
                all.add(slo.latencyBelowSeconds());
            }
        }
        return all.size() == buckets.size() ? buckets : List.copyOf(all);
    }
}
