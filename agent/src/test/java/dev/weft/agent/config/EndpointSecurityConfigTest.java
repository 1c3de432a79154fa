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

/** {@code exporters.prometheus.auth} and {@code tls}: where the secrets come from, and how a token is checked. */
class EndpointSecurityConfigTest {

    private static ConfigResult parse(Path dir, String auth) {
        return ConfigLoader.parse("exporters:\n  prometheus:\n    auth:\n" + auth,
                dir.resolve("weft.yaml").toString(), "svc");
    }

    @Test
    void aRelativeTokenFileIsFoundNextToTheConfig(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("token"), "  abc123\n");
        ConfigResult result = parse(dir, "      bearer-token-file: token\n");

        assertEquals(List.of(), result.problems());
        BearerToken token = (BearerToken) result.config().prometheus().auth();
        assertEquals("abc123", token.token().value());
        assertEquals("bearer token from file " + dir.resolve("token"), token.toString(), "never the value");
    }

    @Test
    void aMissingTokenFileIsAProblemAtItsKey(@TempDir Path dir) {
        ConfigResult result = parse(dir, "      bearer-token-file: /no/such/token\n");

        assertEquals(List.of(dir.resolve("weft.yaml") + ":4:26: exporters.prometheus.auth.bearer-token-file: "
                + "cannot read /no/such/token: no such file"), result.problems().stream().map(Object::toString).toList());
        assertNull(result.config().prometheus().auth());
    }

    @Test
    void anUnsetEnvironmentVariableIsAProblem(@TempDir Path dir) {
        ConfigResult result = parse(dir, "      bearer-token-env: WEFT_NO_SUCH_VARIABLE_FOR_TESTS\n");

        assertEquals(1, result.problems().size());
        assertTrue(result.problems().get(0).toString().endsWith(
                "exporters.prometheus.auth.bearer-token-env: environment variable WEFT_NO_SUCH_VARIABLE_FOR_TESTS is not set or empty"));
    }

    @Test
    void exactlyOneSourceIsAllowed(@TempDir Path dir) {
        ConfigResult result = parse(dir, "      bearer-token-file: token\n      bearer-token-env: TOKEN\n");

        assertEquals(1, result.problems().size());
        assertTrue(result.problems().get(0).toString().endsWith(
                "exporters.prometheus.auth: needs exactly one of bearer-token-file, bearer-token-env, basic"));
    }

    @Test
    void tlsNeedsAReadableKeyStoreAndOnePassword(@TempDir Path dir) throws Exception {
        String file = dir.resolve("weft.yaml").toString();
        ConfigResult missing = ConfigLoader.parse("exporters:\n  prometheus:\n    tls: {keystore: nope.p12, password-env: X}\n",
                file, "svc");
        assertEquals(List.of(file + ":3:21: exporters.prometheus.tls.keystore: cannot read " + dir.resolve("nope.p12")),
                missing.problems().stream().map(Object::toString).toList());

        Files.writeString(dir.resolve("weft.p12"), "not really a key store");
        Files.writeString(dir.resolve("pw"), "secret\n");
        ConfigResult both = ConfigLoader.parse(
                "exporters:\n  prometheus:\n    tls: {keystore: weft.p12, password-env: X, password-file: pw}\n", file, "svc");
        assertEquals(List.of(file + ":3:10: exporters.prometheus.tls: needs exactly one of password-file, password-env"),
                both.problems().stream().map(Object::toString).toList());

        ConfigResult good = ConfigLoader.parse("exporters:\n  prometheus:\n    tls: {keystore: weft.p12, password-file: pw}\n",
                file, "svc");
        assertEquals(List.of(), good.problems());
        assertEquals(dir.resolve("weft.p12"), good.config().prometheus().tls().keystore());
        assertEquals("secret", good.config().prometheus().tls().password().value());
        assertFalse(good.config().prometheus().tls().toString().contains("secret"));
    }

    @Test
    void basicCredentialsTakeAUsernameAndAPasswordFromAFile(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("scrape-password"), "p@ss word\n");
        ConfigResult result = parse(dir, "      basic: {username: prometheus, password-file: scrape-password}\n");

        assertEquals(List.of(), result.problems());
        BasicCredentials basic = (BasicCredentials) result.config().prometheus().auth();
        String good = java.util.Base64.getEncoder().encodeToString("prometheus:p@ss word".getBytes());
        String wrong = java.util.Base64.getEncoder().encodeToString("prometheus:guess".getBytes());
        assertTrue(basic.accepts("Basic " + good));
        assertFalse(basic.accepts("Basic " + wrong));
        assertFalse(basic.accepts("Basic not-base64!"));
        assertFalse(basic.accepts("Bearer " + good));
        assertFalse(basic.toString().contains("p@ss"), "the password is never printed");
        assertTrue(basic.challenge().startsWith("Basic realm="));
    }

    @Test
    void basicNeedsAUsername(@TempDir Path dir) {
        ConfigResult result = parse(dir, "      basic: {password-env: X}\n");
        assertTrue(result.problems().get(0).toString().endsWith("exporters.prometheus.auth.basic.username: is required"),
                result.problems().toString());
    }

    @Test
    void acceptsOnlyTheExactBearerToken() {
        BearerToken token = new BearerToken("test", "abc123");

        assertTrue(token.accepts("Bearer abc123"));
        assertTrue(token.accepts("bearer abc123"), "the scheme is case-insensitive");
        assertFalse(token.accepts("Bearer abc1234"));
        assertFalse(token.accepts("Bearer abc12"));
        assertFalse(token.accepts("Basic abc123"));
        assertFalse(token.accepts("abc123"));
        assertFalse(token.accepts(null));
    }
}
