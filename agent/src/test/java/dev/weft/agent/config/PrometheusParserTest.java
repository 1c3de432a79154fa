package dev.weft.agent.config;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** {@code exporters.prometheus}: host, port, auth and tls, the secrets from a fake environment. */
class PrometheusParserTest {

    private static final String FILE = "/etc/weft/weft.yaml";

    private final FakeEnvironment environment = new FakeEnvironment();

    private Sections.Read<PrometheusConfig> read(String yaml) {
        return Sections.read(FILE, yaml, "exporters.prometheus",
                (reader, node) -> PrometheusParser.prometheus(reader, environment, node));
    }

    private void assertProblem(String expected, String yaml, PrometheusConfig config) {
        Sections.assertOneProblem(FILE + ":" + expected, config, read(yaml));
    }

    private void assertProblemKeepsTheDefaults(String expected, String yaml) {
        assertProblem(expected, yaml, PrometheusConfig.DEFAULT);
    }

    @Test
    void hostAndPort() {
        Sections.Read<PrometheusConfig> read = read("exporters:\n  prometheus:\n    host: 0.0.0.0\n    port: 9999\n");
        assertEquals(List.of(), read.problems());
        assertEquals(new PrometheusConfig("0.0.0.0", 9999, null, null), read.value());
        assertEquals("prometheus 0.0.0.0:9999 auth none tls none", read.value().canonical());
        assertEquals(0, read("exporters: {prometheus: {port: 0}}").value().port());
    }

    @Test
    void theDefaults() {
        assertEquals(new Sections.Read<>(new PrometheusConfig("127.0.0.1", 9464, null, null), List.of()),
                read("exporters: {}\n"));
        assertEquals(new Sections.Read<>(PrometheusConfig.DEFAULT, List.of()), read("exporters:\n  prometheus:\n"));
        assertEquals(new Sections.Read<>(PrometheusConfig.DEFAULT, List.of()),
                read("exporters:\n  prometheus:\n    host: \" \"\n"));
    }

    @Test
    void aPortOutOfRangeKeepsTheDefaultAndTheHostStays() {
        assertProblem("4:11: exporters.prometheus.port: 70000 is out of range 0..65535",
                "exporters:\n  prometheus:\n    host: 10.0.0.1\n    port: 70000\n",
                new PrometheusConfig("10.0.0.1", 9464, null, null));
        assertProblemKeepsTheDefaults("3:11: exporters.prometheus.port: -1 is out of range 0..65535",
                "exporters:\n  prometheus:\n    port: -1\n");
    }

    @Test
    void aPortIsAWholeNumber() {
        assertProblemKeepsTheDefaults("3:11: exporters.prometheus.port: 'http' is not a whole number",
                "exporters:\n  prometheus:\n    port: http\n");
    }

    @Test
    void aHostIsOneValue() {
        assertProblemKeepsTheDefaults("3:11: exporters.prometheus.host: must be a single value, not a list or mapping",
                "exporters:\n  prometheus:\n    host: [a, b]\n");
    }

    @Test
    void anUnknownKey() {
        assertProblemKeepsTheDefaults("3:5: exporters.prometheus.prt: unknown key (did you mean 'port'?)"
                + " (known here: host, port, auth, tls)", "exporters:\n  prometheus:\n    prt: 1\n");
    }

    // ---- auth ----

    @Test
    void aBearerTokenFromAFileNextToTheConfig() {
        environment.file("/etc/weft/token", "  abc123\n");
        PrometheusConfig config = read("exporters:\n  prometheus:\n    auth: {bearer-token-file: token}\n").value();
        assertEquals(new BearerToken(Secret.file(Path.of("/etc/weft/token"), "abc123", null, environment, () -> 0)),
                config.auth(), "the same file");
        assertEquals("file /etc/weft/token", config.auth().source());
        assertEquals("abc123", ((BearerToken) config.auth()).token().value());
        assertEquals("prometheus 127.0.0.1:9464 auth BearerToken file /etc/weft/token tls none", config.canonical(),
                "where the secret came from, never the secret");
    }

    @Test
    void aBearerTokenFromAnAbsoluteFile() {
        environment.file("/run/secrets/token", "abc123");
        EndpointAuth auth = read("exporters:\n  prometheus:\n    auth: {bearer-token-file: /run/secrets/token}\n")
                .value().auth();
        assertEquals("file /run/secrets/token", auth.source());
        assertEquals("abc123", ((BearerToken) auth).token().value());
    }

    @Test
    void aBearerTokenFromAVariable() {
        environment.variable("WEFT_TOKEN", " abc123 ");
        assertEquals(new BearerToken("environment variable WEFT_TOKEN", "abc123"),
                read("exporters:\n  prometheus:\n    auth: {bearer-token-env: WEFT_TOKEN}\n").value().auth());
    }

    @Test
    void aMissingTokenFile() {
        assertProblemKeepsTheDefaults("4:26: exporters.prometheus.auth.bearer-token-file: cannot read /etc/weft/token:"
                + " no such file", "exporters:\n  prometheus:\n    auth:\n      bearer-token-file: token\n");
    }

    @Test
    void aTokenFileThatMayNotBeRead() {
        environment.denied("/etc/weft/token");
        assertProblemKeepsTheDefaults("3:31: exporters.prometheus.auth.bearer-token-file: cannot read /etc/weft/token:"
                        + " java.nio.file.AccessDeniedException: /etc/weft/token",
                "exporters:\n  prometheus:\n    auth: {bearer-token-file: token}\n");
    }

    @Test
    void anEmptyTokenFile() {
        environment.file("/etc/weft/token", " \n");
        assertProblemKeepsTheDefaults("3:31: exporters.prometheus.auth.bearer-token-file: /etc/weft/token is empty",
                "exporters:\n  prometheus:\n    auth: {bearer-token-file: token}\n");
    }

    @Test
    void anUnsetOrEmptyVariable() {
        environment.variable("WEFT_EMPTY", "  ");
        assertProblemKeepsTheDefaults("3:30: exporters.prometheus.auth.bearer-token-env: environment variable"
                + " WEFT_TOKEN is not set or empty", "exporters:\n  prometheus:\n    auth: {bearer-token-env: WEFT_TOKEN}\n");
        assertProblemKeepsTheDefaults("3:30: exporters.prometheus.auth.bearer-token-env: environment variable"
                + " WEFT_EMPTY is not set or empty", "exporters:\n  prometheus:\n    auth: {bearer-token-env: WEFT_EMPTY}\n");
    }

    @Test
    void exactlyOneKindOfAuth() {
        assertProblemKeepsTheDefaults("3:11: exporters.prometheus.auth: needs exactly one of bearer-token-file,"
                        + " bearer-token-env, basic",
                "exporters:\n  prometheus:\n    auth: {bearer-token-file: token, bearer-token-env: TOKEN}\n");
        assertProblemKeepsTheDefaults("3:11: exporters.prometheus.auth: needs exactly one of bearer-token-file,"
                + " bearer-token-env, basic", "exporters:\n  prometheus:\n    auth: {}\n");
        assertEquals(new Sections.Read<>(PrometheusConfig.DEFAULT, List.of()),
                read("exporters:\n  prometheus:\n    auth:\n"), "an empty auth: is no auth");
    }

    @Test
    void basicCredentials() {
        environment.file("/etc/weft/scrape-password", "p@ss word\n").variable("SCRAPE_PASSWORD", "from-env");
        BasicCredentials fromFile = (BasicCredentials) read("exporters:\n  prometheus:\n    auth:\n      basic:"
                + " {username: \" prometheus \", password-file: scrape-password}\n").value().auth();
        assertEquals("prometheus", fromFile.username());
        assertEquals("file /etc/weft/scrape-password", fromFile.source());
        assertEquals("p@ss word", fromFile.password().value());
        assertEquals(new BasicCredentials("prometheus", "from-env", "environment variable SCRAPE_PASSWORD"),
                read("exporters:\n  prometheus:\n    auth:\n      basic: {username: prometheus,"
                        + " password-env: SCRAPE_PASSWORD}\n").value().auth());
    }

    @Test
    void basicNeedsAUsernameAndOnePassword() {
        assertProblemKeepsTheDefaults("4:14: exporters.prometheus.auth.basic.username: is required",
                "exporters:\n  prometheus:\n    auth:\n      basic: {password-env: X}\n");
        assertProblemKeepsTheDefaults("4:14: exporters.prometheus.auth.basic: needs exactly one of password-file,"
                + " password-env", "exporters:\n  prometheus:\n    auth:\n      basic: {username: u}\n");
        assertProblemKeepsTheDefaults("4:14: exporters.prometheus.auth.basic: needs exactly one of password-file,"
                        + " password-env",
                "exporters:\n  prometheus:\n    auth:\n      basic: {username: u, password-env: X, password-file: y}\n");
    }

    // ---- tls ----

    @Test
    void tlsWithAKeyStoreNextToTheConfig() {
        environment.file("/etc/weft/weft.p12", "a key store").file("/etc/weft/tls-password", "secret\n");
        PrometheusConfig config = read("exporters:\n  prometheus:\n    tls: {keystore: weft.p12,"
                + " password-file: tls-password}\n").value();
        assertEquals(Path.of("/etc/weft/weft.p12"), config.tls().keystore());
        assertEquals("secret", config.tls().password().value());
        assertEquals("file /etc/weft/tls-password", config.tls().password().source());
        assertEquals("prometheus 127.0.0.1:9464 auth none tls /etc/weft/weft.p12", config.canonical());
    }

    @Test
    void tlsWithThePasswordFromAVariable() {
        environment.file("/etc/weft/weft.p12", "a key store").variable("WEFT_TLS_PASSWORD", "secret");
        TlsConfig tls = read("exporters:\n  prometheus:\n    tls: {keystore: weft.p12,"
                + " password-env: WEFT_TLS_PASSWORD}\n").value().tls();
        assertEquals(new TlsConfig(Path.of("/etc/weft/weft.p12"),
                Secret.fixed("environment variable WEFT_TLS_PASSWORD", "secret")), tls);
    }

    @Test
    void tlsNeedsAReadableKeyStore() {
        assertProblemKeepsTheDefaults("3:10: exporters.prometheus.tls.keystore: is required: a PKCS#12 key store (.p12)",
                "exporters:\n  prometheus:\n    tls: {password-env: X}\n");
        assertProblemKeepsTheDefaults("3:21: exporters.prometheus.tls.keystore: cannot read /etc/weft/nope.p12",
                "exporters:\n  prometheus:\n    tls: {keystore: nope.p12, password-env: X}\n");
    }

    @Test
    void tlsNeedsOnePassword() {
        environment.file("/etc/weft/weft.p12", "a key store");
        assertProblemKeepsTheDefaults("3:10: exporters.prometheus.tls: needs exactly one of password-file, password-env",
                "exporters:\n  prometheus:\n    tls: {keystore: weft.p12}\n");
        assertProblemKeepsTheDefaults("3:45: exporters.prometheus.tls.password-env: environment variable X is not set"
                + " or empty", "exporters:\n  prometheus:\n    tls: {keystore: weft.p12, password-env: X}\n");
    }

    @Test
    void withPortKeepsTheRest() {
        PrometheusConfig config = new PrometheusConfig("0.0.0.0", 9999, new BearerToken("test", "t"), null);
        assertEquals(new PrometheusConfig("0.0.0.0", 0, new BearerToken("test", "t"), null), config.withPort(0));
        assertNull(config.withPort(1).tls());
    }
}
