package dev.weft.agent.config;

import dev.weft.agent.support.Hints;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Typed reads from a composed YAML node tree that report, rather than throw, what does not fit:
 * each problem carries the file, line, column and key path.
 */
final class YamlReader {

    private final String file;
    private final List<ConfigProblem> problems;

    YamlReader(String file, List<ConfigProblem> problems) {
        this.file = file;
        this.problems = problems;
    }

    /** The config file's name as given to the loader; relative secret files are found next to it. */
    String file() {
        return file;
    }

    void problem(Node node, String key, String message) {
        int line = node == null ? 0 : node.getStartMark().getLine() + 1;
        int column = node == null ? 0 : node.getStartMark().getColumn() + 1;
        problems.add(new ConfigProblem(file, line, column, key, message));
    }

    /** How many problems have been reported so far. */
    int problemCount() {
        return problems.size();
    }

    /**
     * Ends each problem reported since {@code before} (a {@link #problemCount()}) with
     * {@code "; " + what + " skipped"}: one line per problem, each saying the entry was dropped so
     * nobody wonders why it is silent.
     */
    void skippedSince(int before, String what) {
        for (int p = before; p < problems.size(); p++) {
            ConfigProblem problem = problems.get(p);
            problems.set(p, new ConfigProblem(problem.file(), problem.line(), problem.column(), problem.key(),
                    problem.message() + "; " + what + " skipped"));
        }
    }

    /**
     * True for a list or nothing at all: where {@link #items} found no items because the value was
     * a mapping, it has said so already and "is empty" would be a second message for one mistake.
     */
    static boolean isListOrEmpty(Node node) {
        return isNull(node) || node instanceof SequenceNode;
    }

    static boolean isNull(Node node) {
        return node == null || (node instanceof ScalarNode && node.getTag().equals(Tag.NULL));
    }

    /** The mapping's entries whose keys are allowed; unknown and repeated keys are reported. */
    Map<String, Node> mapping(Node node, String path, List<String> allowed) {
        Map<String, Node> entries = new LinkedHashMap<>();
        if (isNull(node)) {
            return entries;
        }
        if (!(node instanceof MappingNode mapping)) {
            problem(node, path, "must be a mapping of keys (" + String.join(", ", allowed) + ")");
            return entries;
        }
        for (NodeTuple tuple : mapping.getValue()) {
            Node keyNode = tuple.getKeyNode();
            if (!(keyNode instanceof ScalarNode scalarKey)) {
                problem(keyNode, path, "keys must be plain names");
                continue;
            }
            String key = scalarKey.getValue();
            String keyPath = path.isEmpty() ? key : path + "." + key;
            if (!allowed.contains(key)) {
                problem(keyNode, keyPath, "unknown key" + Hints.didYouMean(key, allowed)
                        + " (known here: " + String.join(", ", allowed) + ")");
            } else if (entries.containsKey(key)) {
                problem(keyNode, keyPath, "appears twice");
            } else {
                entries.put(key, tuple.getValueNode());
            }
        }
        return entries;
    }

    /** A single scalar value, or {@code null} (reported) when the node is a list or mapping. */
    String scalar(Node node, String path) {
        if (node instanceof ScalarNode scalar && !isNull(node)) {
            return scalar.getValue();
        }
        problem(node, path, isNull(node) ? "needs a value" : "must be a single value, not a list or mapping");
        return null;
    }

    /** The items of a list; a single scalar counts as a list of one. */
    List<Node> items(Node node, String path) {
        if (isNull(node)) {
            return List.of();
        }
        if (node instanceof SequenceNode sequence) {
            return sequence.getValue();
        }
        if (node instanceof ScalarNode) {
            return List.of(node);
        }
        problem(node, path, "must be a list, e.g. [a, b]");
        return List.of();
    }

    /** An integer in {@code [min, max]}, or {@code null} (reported). */
    Integer integer(Node node, String path, int min, int max) {
        String text = scalar(node, path);
        if (text == null) {
            return null;
        }
        try {
            int value = Integer.parseInt(text.trim());
            if (value < min || value > max) {
                problem(node, path, value + " is out of range " + min + ".." + max);
                return null;
            }
            return value;
        } catch (NumberFormatException e) {
            problem(node, path, "'" + text + "' is not a whole number");
            return null;
        }
    }

    /** A finite number, or {@code null} (reported). */
    Double number(Node node, String path) {
        String text = scalar(node, path);
        if (text == null) {
            return null;
        }
        try {
            double value = Double.parseDouble(text.trim());
            if (Double.isNaN(value) || Double.isInfinite(value)) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            problem(node, path, "'" + text + "' is not a number");
            return null;
        }
    }

    /** {@code true} or {@code false}, or {@code null} (reported). */
    Boolean bool(Node node, String path) {
        String text = scalar(node, path);
        if (text == null) {
            return null;
        }
        return switch (text.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "true" -> Boolean.TRUE;
            case "false" -> Boolean.FALSE;
            default -> {
                problem(node, path, "'" + text + "' must be true or false");
                yield null;
            }
        };
    }

    /** A positive duration such as {@code 500ms}, {@code 10s} or {@code 5m}, or {@code null} (reported). */
    java.time.Duration duration(Node node, String path) {
        String text = scalar(node, path);
        if (text == null) {
            return null;
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+)\\s*(ms|s|m|h)").matcher(text.trim());
        if (!m.matches() || Long.parseLong(m.group(1)) == 0) {
            problem(node, path, "'" + text + "' is not a duration above zero such as 500ms, 10s, 5m or 1h");
            return null;
        }
        long amount = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> java.time.Duration.ofMillis(amount);
            case "s" -> java.time.Duration.ofSeconds(amount);
            case "m" -> java.time.Duration.ofMinutes(amount);
            default -> java.time.Duration.ofHours(amount);
        };
    }

    /** A mapping of names to single values, e.g. HTTP headers; problems reported. */
    Map<String, String> stringMap(Node node, String path) {
        Map<String, String> values = new LinkedHashMap<>();
        if (isNull(node)) {
            return values;
        }
        if (!(node instanceof MappingNode mapping)) {
            problem(node, path, "must be a mapping of names to values");
            return values;
        }
        for (NodeTuple tuple : mapping.getValue()) {
            if (!(tuple.getKeyNode() instanceof ScalarNode key)) {
                problem(tuple.getKeyNode(), path, "keys must be plain names");
                continue;
            }
            String value = scalar(tuple.getValueNode(), path + "." + key.getValue());
            if (value != null) {
                values.put(key.getValue(), value);
            }
        }
        return values;
    }
}
