package dev.weft.agent.config;

import dev.weft.agent.Hints;
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

    void problem(Node node, String key, String message) {
        int line = node == null ? 0 : node.getStartMark().getLine() + 1;
        int column = node == null ? 0 : node.getStartMark().getColumn() + 1;
        problems.add(new ConfigProblem(file, line, column, key, message));
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
}
