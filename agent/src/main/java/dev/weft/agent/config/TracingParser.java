package dev.weft.agent.config;

import org.yaml.snakeyaml.nodes.Node;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Reads {@code tracing:}; a bad ratio keeps the default, a bad route glob is left out. */
final class TracingParser {

    static final List<String> TRACING_KEYS = List.of("sampler", "exclude-routes");
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
        List<RouteGlob> excluded = new ArrayList<>();
        if (tracing.containsKey("exclude-routes")) {
            List<Node> items = reader.items(tracing.get("exclude-routes"), "tracing.exclude-routes");
            for (int i = 0; i < items.size(); i++) {
                String key = "tracing.exclude-routes[" + i + "]";
                String text = reader.scalar(items.get(i), key);
                RouteGlob glob = RouteGlob.of(text == null ? null : text.trim());
                if (glob != null) {
                    excluded.add(glob);
                } else if (text != null) {
                    reader.problem(items.get(i), key, "'" + text + "' is not a path glob: it must begin with / "
                            + "(e.g. /actuator/** or /health)");
                }
            }
        }
        return new TracingConfig(ratio, excluded);
    }
}
