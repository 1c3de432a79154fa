package dev.weft.agent.config;

import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Runs one section parser on the section of a whole YAML file, as the loader would, for the tests of each parser. */
final class Sections {

    static final String FILE = "weft.yaml";

    /** What a parser returned and the problems it reported, as the user reads them. */
    record Read<T>(T value, List<String> problems) {
    }

    private Sections() {
    }

    /**
     * Parses {@code yaml}, finds {@code section} (a dotted path such as {@code exporters.prometheus};
     * {@code null} when the file leaves it out) and hands its node to {@code parser}.
     */
    static <T> Read<T> read(String yaml, String section, BiFunction<YamlReader, Node, T> parser) {
        return read(FILE, yaml, section, parser);
    }

    /** The same, for a config file of another name. */
    static <T> Read<T> read(String file, String yaml, String section, BiFunction<YamlReader, Node, T> parser) {
        List<ConfigProblem> problems = new ArrayList<>();
        YamlReader reader = new YamlReader(file, problems);
        T value = parser.apply(reader, node(new Yaml().compose(new StringReader(yaml)), section));
        return new Read<>(value, problems.stream().map(ConfigProblem::toString).toList());
    }

    /** Asserts that the parser reported {@code problem} and nothing else, and returned {@code value}. */
    static <T> void assertOneProblem(String problem, T value, Read<T> read) {
        assertEquals(new Read<>(value, List.of(problem)), read);
    }

    private static Node node(Node root, String section) {
        Node node = root;
        for (String key : section.split("\\.")) {
            Node found = null;
            if (node instanceof MappingNode mapping) {
                for (NodeTuple tuple : mapping.getValue()) {
                    if (tuple.getKeyNode() instanceof ScalarNode k && k.getValue().equals(key)) {
                        found = tuple.getValueNode();
                    }
                }
            }
            node = found;
        }
        return node;
    }
}
