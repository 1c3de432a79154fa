package dev.weft.agent.config;

import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Reads {@code instrumentations:}, a mapping of names to {@code true} or {@code false}. A switch that
 * is wrong is left out (reported); the names are not checked here, see {@link InstrumentationsConfig#unknown}.
 */
final class InstrumentationsParser {

    static final String PATH = "instrumentations";

    private InstrumentationsParser() {
    }

    static InstrumentationsConfig instrumentations(YamlReader reader, Node node) {
        if (YamlReader.isNull(node)) {
            return InstrumentationsConfig.NONE;
        }
        if (!(node instanceof MappingNode mapping)) {
            reader.problem(node, PATH, "must be a mapping of instrumentation names to true or false,"
                    + " e.g. {servlet: false}");
            return InstrumentationsConfig.NONE;
        }
        Map<String, InstrumentationsConfig.Switch> switches = new LinkedHashMap<>();
        Set<String> seen = new HashSet<>();
        for (NodeTuple tuple : mapping.getValue()) {
            if (!(tuple.getKeyNode() instanceof ScalarNode key)) {
                reader.problem(tuple.getKeyNode(), PATH, "keys must be plain names");
                continue;
            }
            String name = key.getValue();
            if (!seen.add(name)) {
                reader.problem(key, PATH + "." + name, "appears twice");
                continue;
            }
            Boolean on = reader.bool(tuple.getValueNode(), PATH + "." + name);
            if (on != null) {
                switches.put(name, new InstrumentationsConfig.Switch(on, key.getStartMark().getLine() + 1,
                        key.getStartMark().getColumn() + 1));
            }
        }
        return new InstrumentationsConfig(switches);
    }
}
