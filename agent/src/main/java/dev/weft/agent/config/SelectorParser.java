package dev.weft.agent.config;

import dev.weft.agent.support.Hints;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** Reads {@code instrument:} and {@code exclude:}; a selector with any problem is skipped, the others stay. */
final class SelectorParser {

    private static final String METHOD_ANNOTATED = Selector.METHOD_ANNOTATED;
    static final List<String> SELECTOR_KEYS = List.of("name", "class", "implements", "annotated", METHOD_ANNOTATED,
            "methods", "record", "trace", "span-name", "metric", "labels", "value", "async");
    static final List<String> EXCLUDE_KEYS = List.of("class", "implements", "annotated", METHOD_ANNOTATED, "methods");
    static final List<String> RECORDING_NAMES = List.of("timer", "count", "errors", "inflight");

    private SelectorParser() {
    }

    /** {@code instrument:} when {@code instrument} is true, else {@code exclude:}; {@code section} names it. */
    static List<Selector> selectors(YamlReader reader, Node node, String section, boolean instrument) {
        List<Selector> selectors = new ArrayList<>();
        Set<String> names = new HashSet<>();
        Map<String, Selector> byMetric = new HashMap<>();
        Map<String, Selector> byFamily = new HashMap<>();
        List<Node> items = reader.items(node, section);
        for (int i = 0; i < items.size(); i++) {
            String path = section + "[" + i + "]";
            int before = reader.problemCount();
            Selector selector = selector(reader, items.get(i), path, instrument);
            // only a selector that is kept takes its name
            if (selector != null && reader.problemCount() == before && instrument && !names.add(selector.name())) {
                reader.problem(valueOf(items.get(i), "name"), path + ".name", "'" + selector.name()
                        + "' is already the name of an earlier selector; names must be unique");
                selector = null;
            }
            if (selector != null && reader.problemCount() == before && instrument
                    && !CaptureParser.agreesWithEarlier(reader, items.get(i), path, selector, byMetric)) {
                selector = null;
            }
            if (selector != null && reader.problemCount() == before && instrument
                    && !CaptureParser.distinctFamilies(reader, valueOf(items.get(i), "metric"), path, selector, byFamily)) {
                selector = null;
            }
            if (reader.problemCount() > before) {
                reader.skippedSince(before, section + " entry");
            } else if (selector != null) {
                selectors.add(selector);
            }
        }
        return selectors;
    }

    /** The value node of {@code key} in a mapping node known to hold it. */
    private static Node valueOf(Node mapping, String key) {
        for (NodeTuple tuple : ((MappingNode) mapping).getValue()) {
            if (tuple.getKeyNode() instanceof ScalarNode k && k.getValue().equals(key)) {
                return tuple.getValueNode();
            }
        }
        return mapping;
    }

    private static Selector selector(YamlReader reader, Node node, String path, boolean instrument) {
        Map<String, Node> keys = reader.mapping(node, path, instrument ? SELECTOR_KEYS : EXCLUDE_KEYS);
        if (keys.isEmpty()) {
            if (!YamlReader.isNull(node) && node instanceof MappingNode) {
                reader.problem(node, path, "is empty");
            }
            return null;
        }
        String name = path;
        if (instrument) {
            name = keys.containsKey("name") ? reader.scalar(keys.get("name"), path + ".name") : null;
            if (name == null || name.isBlank()) {
                if (!keys.containsKey("name")) {
                    reader.problem(node, path + ".name", "is required (it becomes the 'selector' label)");
                }
                return null;
            }
            name = name.trim();
        }
        Type type = type(reader, node, keys, path);
        Type methodAnnotation = keys.containsKey(METHOD_ANNOTATED)
                ? namePattern(reader, keys.get(METHOD_ANNOTATED), path + "." + METHOD_ANNOTATED, null) : null;
        if (type == null || keys.containsKey(METHOD_ANNOTATED) && methodAnnotation == null) {
            return null;
        }

        List<Pattern> methods = new ArrayList<>();
        List<String> methodTexts = new ArrayList<>();
        boolean valid = !keys.containsKey("methods") || methods(reader, keys.get("methods"), path, methods, methodTexts);
        Set<Recording> record = instrument ? EnumSet.copyOf(Recording.DEFAULT) : EnumSet.noneOf(Recording.class);
        if (keys.containsKey("record")) {
            record = record(reader, keys.get("record"), path + ".record", valid);
            valid &= record != null;
        }
        boolean trace = false;
        if (keys.containsKey("trace")) {
            Boolean value = reader.bool(keys.get("trace"), path + ".trace");
            valid &= value != null;
            trace = Boolean.TRUE.equals(value);
        }
        String spanName = null;
        if (keys.containsKey("span-name")) {
            spanName = reader.scalar(keys.get("span-name"), path + ".span-name");
            valid &= spanName != null;
            if (spanName != null && !trace) {
                reader.problem(keys.get("span-name"), path + ".span-name", "needs trace: true");
                valid = false;
            }
        }
        boolean async = true;
        if (keys.containsKey("async")) {
            Boolean value = reader.bool(keys.get("async"), path + ".async");
            valid &= value != null;
            async = !Boolean.FALSE.equals(value);
        }
        Capture capture = instrument ? CaptureParser.capture(reader, keys, path) : Capture.NONE;
        if (!valid || capture == null) {
            return null;
        }
        int line = node.getStartMark().getLine() + 1;
        return new Selector(name, type.kind(), type.pattern(), type.text(),
                methodAnnotation == null ? null : methodAnnotation.pattern(),
                methodAnnotation == null ? null : methodAnnotation.text(), List.copyOf(methods),
                List.copyOf(methodTexts), Set.copyOf(record), trace, spanName == null ? null : spanName.trim(), line,
                capture, async);
    }

    /**
     * How a selector matches classes: one of {@code class}, {@code implements}, {@code annotated}, or
     * none (any class) when {@code method-annotated} selects alone.
     */
    private record Type(TypeMatchKind kind, Pattern pattern, String text) {
        static final Type ANY_CLASS = new Type(null, null, null);
    }

    private static Type type(YamlReader reader, Node node, Map<String, Node> keys, String path) {
        TypeMatchKind kind = null;
        Node typeNode = null;
        for (TypeMatchKind candidate : TypeMatchKind.values()) {
            if (keys.containsKey(candidate.yamlKey())) {
                if (kind != null) {
                    reader.problem(keys.get(candidate.yamlKey()), path + "." + candidate.yamlKey(),
                            "use only one of class, implements, annotated (already has " + kind.yamlKey() + ")");
                    return null;
                }
                kind = candidate;
                typeNode = keys.get(candidate.yamlKey());
            }
        }
        if (kind == null) {
            if (keys.containsKey(METHOD_ANNOTATED)) {
                return Type.ANY_CLASS;
            }
            reader.problem(node, path, "needs one of class, implements, annotated, " + METHOD_ANNOTATED);
            return null;
        }
        return namePattern(reader, typeNode, path + "." + kind.yamlKey(), kind);
    }

    /** A class or annotation name pattern under {@code key}, or null (reported). */
    private static Type namePattern(YamlReader reader, Node node, String key, TypeMatchKind kind) {
        String text = reader.scalar(node, key);
        if (text == null) {
            return null;
        }
        text = text.trim();
        try {
            return new Type(kind, NamePatterns.typePattern(text), text);
        } catch (IllegalArgumentException e) {
            reader.problem(node, key, e.getMessage());
            return null;
        }
    }

    /**
     * {@code methods:}, each glob compiled into {@code methods} and kept as written in {@code texts};
     * false when something was reported.
     */
    private static boolean methods(YamlReader reader, Node node, String path, List<Pattern> methods,
                                   List<String> texts) {
        boolean valid = true;
        List<Node> items = reader.items(node, path + ".methods");
        for (int i = 0; i < items.size(); i++) {
            String key = path + ".methods[" + i + "]";
            String glob = reader.scalar(items.get(i), key);
            if (glob == null) {
                valid = false;
                continue;
            }
            try {
                methods.add(NamePatterns.methodPattern(glob.trim()));
                texts.add(glob.trim());
            } catch (IllegalArgumentException e) {
                reader.problem(items.get(i), key, e.getMessage());
                valid = false;
            }
        }
        if (items.isEmpty() && valid && YamlReader.isListOrEmpty(node)) {
            reader.problem(node, path + ".methods", "is empty; leave the key out to select every method");
            valid = false;
        }
        return valid;
    }

    /**
     * {@code record:}, or null (reported). An empty list is reported only when {@code sayEmpty}: when
     * nothing before it in the selector was wrong.
     */
    private static Set<Recording> record(YamlReader reader, Node node, String path, boolean sayEmpty) {
        Set<Recording> record = EnumSet.noneOf(Recording.class);
        boolean valid = true;
        List<Node> items = reader.items(node, path);
        for (int i = 0; i < items.size(); i++) {
            String key = path + "[" + i + "]";
            String value = reader.scalar(items.get(i), key);
            if (value == null) {
                valid = false;
            } else if (!RECORDING_NAMES.contains(value.trim())) {
                reader.problem(items.get(i), key, "'" + value + "' is not something Weft records"
                        + Hints.didYouMean(value.trim(), RECORDING_NAMES)
                        + " (choose from " + String.join(", ", RECORDING_NAMES) + ")");
                valid = false;
            } else {
                record.add(Recording.valueOf(value.trim().toUpperCase(Locale.ROOT)));
            }
        }
        if (items.isEmpty() && sayEmpty && YamlReader.isListOrEmpty(node)) {
            reader.problem(node, path, "is empty; name at least one of " + String.join(", ", RECORDING_NAMES));
            valid = false;
        }
        return valid ? record : null;
    }
}
