package dev.weft.agent.config;

import dev.weft.agent.support.Hints;
import org.yaml.snakeyaml.nodes.Node;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Reads {@code exporters.otlp}; a setting that is wrong is left out (reported), so that the
 * environment or the default fills it.
 */
final class OtlpParser {

    static final String PATH = "exporters.otlp";
    static final List<String> OTLP_KEYS = List.of("endpoint", "protocol", "headers", "timeout", "interval");
    static final List<String> PROTOCOLS = List.of(OtlpConfig.HTTP_PROTOBUF, OtlpConfig.GRPC);

    private OtlpParser() {
    }

    /** The section as written; an empty section means "OTLP on, all defaults". */
    static OtlpConfig otlp(YamlReader reader, Node node) {
        Map<String, Node> keys = reader.mapping(node, PATH, OTLP_KEYS);
        String endpoint = null;
        if (keys.containsKey("endpoint")) {
            endpoint = reader.scalar(keys.get("endpoint"), PATH + ".endpoint");
            if (endpoint != null && !endpoint.trim().matches("https?://[^\\s/]+(/\\S*)?")) {
                reader.problem(keys.get("endpoint"), PATH + ".endpoint",
                        "'" + endpoint + "' is not an http:// or https:// URL, e.g. http://localhost:4318");
                endpoint = null;
            }
        }
        String protocol = null;
        if (keys.containsKey("protocol")) {
            protocol = reader.scalar(keys.get("protocol"), PATH + ".protocol");
            if (protocol != null && !PROTOCOLS.contains(protocol.trim())) {
                reader.problem(keys.get("protocol"), PATH + ".protocol", "'" + protocol + "' is not an OTLP protocol"
                        + Hints.didYouMean(protocol.trim(), PROTOCOLS)
                        + " (choose " + OtlpConfig.HTTP_PROTOBUF + " or " + OtlpConfig.GRPC + ")");
                protocol = null;
            }
        }
        Map<String, String> headers = keys.containsKey("headers")
                ? Map.copyOf(reader.stringMap(keys.get("headers"), PATH + ".headers")) : null;
        Duration timeout = keys.containsKey("timeout") ? reader.duration(keys.get("timeout"), PATH + ".timeout") : null;
        Duration interval = keys.containsKey("interval") ? reader.duration(keys.get("interval"), PATH + ".interval") : null;
        return new OtlpConfig(endpoint == null ? null : endpoint.trim(), protocol == null ? null : protocol.trim(),
                headers, timeout, interval);
    }
}
