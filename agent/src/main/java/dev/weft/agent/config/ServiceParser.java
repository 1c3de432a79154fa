package dev.weft.agent.config;

import org.yaml.snakeyaml.nodes.Node;

import java.util.List;
import java.util.Map;

/** Reads {@code service:}. */
final class ServiceParser {

    static final List<String> SERVICE_KEYS = List.of("name");

    private ServiceParser() {
    }

    /** {@code service.name}, or {@code defaultName} when it is left out, blank or wrong (reported). */
    static ServiceConfig service(YamlReader reader, Node node, String defaultName) {
        Map<String, Node> keys = reader.mapping(node, "service", SERVICE_KEYS);
        String name = defaultName;
        if (keys.containsKey("name")) {
            String value = reader.scalar(keys.get("name"), "service.name");
            if (value != null && !value.isBlank()) {
                name = value.trim();
            }
        }
        return new ServiceConfig(name);
    }
}
