package dev.weft.agent.config;

import org.yaml.snakeyaml.nodes.Node;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Reads secrets a key names: the value of an environment variable, or the trimmed content of a
 * file (relative: next to the config, as Prometheus does), through a {@link ConfigEnvironment}. A
 * secret read from a file follows it afterwards ({@link Secret}).
 */
final class SecretParser {

    private SecretParser() {
    }

    /** The {@code password-file} or {@code password-env} of a mapping (exactly one), or null (reported). */
    static Secret password(YamlReader reader, ConfigEnvironment environment, Node node, Map<String, Node> keys,
                           String path) {
        boolean fromEnv = keys.containsKey("password-env");
        if (fromEnv == keys.containsKey("password-file")) {
            reader.problem(node, path, "needs exactly one of password-file, password-env");
            return null;
        }
        String key = fromEnv ? "password-env" : "password-file";
        return secret(reader, environment, keys.get(key), path + "." + key, fromEnv);
    }

    /** The secret {@code node} names, a variable when {@code fromEnv}, else a file; or null (reported). */
    static Secret secret(YamlReader reader, ConfigEnvironment environment, Node node, String key, boolean fromEnv) {
        String value = reader.scalar(node, key);
        if (value == null || value.isBlank()) {
            return null;
        }
        value = value.trim();
        if (fromEnv) {
            String secret = environment.variable(value);
            if (secret == null || secret.isBlank()) {
                reader.problem(node, key, "environment variable " + value + " is not set or empty");
                return null;
            }
            return Secret.fixed("environment variable " + value, secret.trim());
        }
        Path file = nextToConfig(value, reader.file());
        try {
            String version = version(environment, file);
            String secret = environment.readFile(file).trim();
            if (secret.isEmpty()) {
                reader.problem(node, key, file + " is empty");
                return null;
            }
            return Secret.file(file, secret, version, environment, System::nanoTime);
        } catch (IOException | RuntimeException e) {
            reader.problem(node, key, "cannot read " + file + ": "
                    + (e instanceof NoSuchFileException ? "no such file" : e.toString()));
            return null;
        }
    }

    /** The file's version before it is read, or null when it cannot say (the secret then looks again soon). */
    private static String version(ConfigEnvironment environment, Path file) {
        try {
            return environment.fileVersion(file);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** {@code path} as written when absolute, else next to the config file. */
    static Path nextToConfig(String path, String configFile) {
        Path file = Path.of(path);
        Path dir = Path.of(configFile).getParent();
        return file.isAbsolute() || dir == null ? file : dir.resolve(file);
    }
}
