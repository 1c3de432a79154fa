package dev.weft.agent.config;

import org.yaml.snakeyaml.nodes.Node;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Reads {@code exporters.prometheus}: host, port, auth and tls; a bad setting keeps its default. */
final class PrometheusParser {

    static final String PATH = "exporters.prometheus";
    static final List<String> PROMETHEUS_KEYS = List.of("host", "port", "auth", "tls");
    static final List<String> AUTH_KEYS = List.of("bearer-token-file", "bearer-token-env", "basic");
    static final List<String> BASIC_KEYS = List.of("username", "password-file", "password-env");
    static final List<String> TLS_KEYS = List.of("keystore", "password-file", "password-env");

    private PrometheusParser() {
    }

    static PrometheusConfig prometheus(YamlReader reader, ConfigEnvironment environment, Node node) {
        Map<String, Node> keys = reader.mapping(node, PATH, PROMETHEUS_KEYS);
        String host = PrometheusConfig.DEFAULT_HOST;
        if (keys.containsKey("host")) {
            String value = reader.scalar(keys.get("host"), PATH + ".host");
            if (value != null && !value.isBlank()) {
                host = value.trim();
            }
        }
        int port = PrometheusConfig.DEFAULT_PORT;
        if (keys.containsKey("port")) {
            Integer value = reader.integer(keys.get("port"), PATH + ".port", 0, 65535);
            if (value != null) {
                port = value;
            }
        }
        EndpointAuth auth = keys.containsKey("auth") ? auth(reader, environment, keys.get("auth")) : null;
        TlsConfig tls = keys.containsKey("tls") ? tls(reader, environment, keys.get("tls")) : null;
        return new PrometheusConfig(host, port, auth, tls);
    }

    /**
     * {@code auth: {bearer-token-file: path}}, {@code {bearer-token-env: NAME}} or
     * {@code {basic: {username: u, password-file: path}}} ({@code password-env} also).
     */
    private static EndpointAuth auth(YamlReader reader, ConfigEnvironment environment, Node node) {
        String path = PATH + ".auth";
        Map<String, Node> auth = reader.mapping(node, path, AUTH_KEYS);
        if (auth.size() != 1) {
            if (!auth.isEmpty() || !YamlReader.isNull(node)) {
                reader.problem(node, path, "needs exactly one of " + String.join(", ", AUTH_KEYS));
            }
            return null;
        }
        String key = auth.keySet().iterator().next();
        if (key.equals("basic")) {
            return basic(reader, environment, auth.get(key), path + ".basic");
        }
        Secret secret = SecretParser.secret(reader, environment, auth.get(key), path + "." + key,
                key.endsWith("-env"));
        return secret == null ? null : new BearerToken(secret);
    }

    private static BasicCredentials basic(YamlReader reader, ConfigEnvironment environment, Node node, String path) {
        Map<String, Node> basic = reader.mapping(node, path, BASIC_KEYS);
        String username = basic.containsKey("username") ? reader.scalar(basic.get("username"), path + ".username") : null;
        if (username == null || username.isBlank()) {
            if (!basic.containsKey("username")) {
                reader.problem(node, path + ".username", "is required");
            }
            return null;
        }
        Secret secret = SecretParser.password(reader, environment, node, basic, path);
        return secret == null ? null : new BasicCredentials(username.trim(), secret);
    }

    /** {@code tls: {keystore: weft.p12, password-file: path}} or {@code password-env: NAME}. */
    private static TlsConfig tls(YamlReader reader, ConfigEnvironment environment, Node node) {
        String path = PATH + ".tls";
        Map<String, Node> tls = reader.mapping(node, path, TLS_KEYS);
        String keystore = tls.containsKey("keystore") ? reader.scalar(tls.get("keystore"), path + ".keystore") : null;
        if (keystore == null) {
            if (!tls.containsKey("keystore")) {
                reader.problem(node, path + ".keystore", "is required: a PKCS#12 key store (.p12)");
            }
            return null;
        }
        Path file = SecretParser.nextToConfig(keystore.trim(), reader.file());
        if (!environment.isReadable(file)) {
            reader.problem(tls.get("keystore"), path + ".keystore", "cannot read " + file);
            return null;
        }
        Secret secret = SecretParser.password(reader, environment, node, tls, path);
        return secret == null ? null : new TlsConfig(file, secret);
    }
}
