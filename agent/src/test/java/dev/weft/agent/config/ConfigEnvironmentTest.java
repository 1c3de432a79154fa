package dev.weft.agent.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The loader reads the config file, the secrets and the key store through the environment it is given. */
class ConfigEnvironmentTest {

    private static final String CONFIG = """
            exporters:
              prometheus:
                auth: {bearer-token-env: WEFT_TOKEN}
                tls: {keystore: weft.p12, password-file: secrets/tls-password}
            """;

    @Test
    void loadReadsTheConfigAndItsSecretsFromTheEnvironment() {
        FakeEnvironment environment = new FakeEnvironment()
                .file("/srv/weft/weft.yaml", CONFIG)
                .file("/srv/weft/weft.p12", "a key store")
                .file("/srv/weft/secrets/tls-password", "changeit\n")
                .variable("WEFT_TOKEN", "abc123");

        ConfigResult result = ConfigLoader.load(Path.of("/srv/weft/weft.yaml"), "svc", environment);

        assertEquals(List.of(), result.problems());
        assertEquals("/srv/weft/weft.yaml", result.config().source());
        assertEquals(new BearerToken("environment variable WEFT_TOKEN", "abc123"), result.config().prometheus().auth());
        TlsConfig tls = result.config().prometheus().tls();
        assertEquals(Path.of("/srv/weft/weft.p12"), tls.keystore());
        assertEquals("changeit", tls.password().value());
        assertEquals("file /srv/weft/secrets/tls-password", tls.password().source());
        assertEquals(2, environment.reads, "the config and the password file");
    }

    @Test
    void parseReadsTheSecretsFromTheEnvironment() {
        FakeEnvironment environment = new FakeEnvironment().file("/srv/weft/weft.p12", "a key store");

        ConfigResult result = ConfigLoader.parse(CONFIG, "/srv/weft/weft.yaml", "svc", environment);

        assertEquals(List.of(
                "/srv/weft/weft.yaml:3:30: exporters.prometheus.auth.bearer-token-env: environment variable WEFT_TOKEN"
                        + " is not set or empty",
                "/srv/weft/weft.yaml:4:46: exporters.prometheus.tls.password-file: cannot read"
                        + " /srv/weft/secrets/tls-password: no such file"),
                result.problems().stream().map(Object::toString).toList());
        assertNull(result.config().prometheus().auth());
        assertNull(result.config().prometheus().tls());
    }

    @Test
    void aConfigTheEnvironmentCannotReadIsOneProblem() {
        FakeEnvironment environment = new FakeEnvironment().denied("/srv/weft/weft.yaml");
        ConfigResult denied = ConfigLoader.load(Path.of("/srv/weft/weft.yaml"), "svc", environment);
        assertEquals(List.of("/srv/weft/weft.yaml: cannot read the config: permission denied"),
                denied.problems().stream().map(Object::toString).toList());
        assertEquals(WeftConfig.empty("/srv/weft/weft.yaml", "svc"), denied.config());

        ConfigResult missing = ConfigLoader.load(Path.of("/srv/weft/other.yaml"), "svc", environment);
        assertEquals(List.of("/srv/weft/other.yaml: cannot read the config: no such file"),
                missing.problems().stream().map(Object::toString).toList());
    }

    @Test
    void theSystemEnvironmentReadsRealFilesAndVariables(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("secret");
        Files.writeString(file, "héllo\n");
        ConfigEnvironment system = ConfigEnvironment.system();

        assertEquals("héllo\n", system.readFile(file));
        assertTrue(system.isReadable(file));
        assertFalse(system.isReadable(dir.resolve("absent")));
        assertEquals(System.getenv("PATH"), system.variable("PATH"));
        assertNull(system.variable("WEFT_NO_SUCH_VARIABLE_FOR_TESTS"));
    }

    @Test
    void withoutAnEnvironmentTheLoaderUsesTheSystems(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("weft.yaml");
        Files.writeString(config, "exporters: {prometheus: {auth: {bearer-token-file: token}}}\n");
        Files.writeString(dir.resolve("token"), "abc123");

        ConfigResult result = ConfigLoader.load(config, "svc");

        assertEquals(List.of(), result.problems());
        BearerToken token = (BearerToken) result.config().prometheus().auth();
        assertEquals("file " + dir.resolve("token"), token.source());
        assertEquals("abc123", token.token().value());
    }
}
