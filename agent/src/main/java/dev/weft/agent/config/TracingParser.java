package dev.weft.agent.config;

import org.yaml.snakeyaml.nodes.Node;

import java.util.List;
import java.util.Map;

/** Reads {@code tracing:}; a bad ratio keeps the default. */
final class TracingParser {

    static final List<String> TRACING_KEYS = List.of("sampler");
    static final List<String> SAMPLER_KEYS = List.of("ratio");

    private TracingParser() {
    }

    static TracingConfig tracing(YamlReader reader, Node node) {
        Map<String, Node> tracing = reader.mapping(node, "tracing", TRACING_KEYS);
        Map<String, Node> sampler = reader.mapping(tracing.get("sampler"), "tracing.sampler", SAMPLER_KEYS);
        double ratio = TracingConfig.DEFAULT.samplerRatio();
        if (sampler.containsKey("ratio")) {
            Double value = reader.number(sampler.get("ratio"), "tracing.sampler.ratio");
            if (value != null && (value < 0 || value > 1)) {
                reader.problem(sampler.get("ratio"), "tracing.sampler.ratio", value + " must be between 0.0 and 1.0");
            } else if (value != null) {
                ratio = value;
            }
        }
        return new TracingConfig(ratio);
    }
}
