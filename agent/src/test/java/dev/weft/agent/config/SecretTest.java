package dev.weft.agent.config;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A secret read from a file follows the file, looked at no more than once a second. */
class SecretTest {

    private static final String FILE = "/etc/weft/token";

    private final FakeEnvironment environment = new FakeEnvironment().file(FILE, "first\n");
    private final AtomicLong now = new AtomicLong();
    private final ByteArrayOutputStream said = new ByteArrayOutputStream();
    private PrintStream original;
    private Secret secret;

    @BeforeEach
    void start() throws Exception {
        original = System.err;
        System.setErr(new PrintStream(said, true, StandardCharsets.UTF_8));
        secret = Secret.file(Path.of(FILE), "first", environment.fileVersion(Path.of(FILE)), environment, now::get);
    }

    @AfterEach
    void restore() {
        System.setErr(original);
    }

    private void aSecondLater() {
        now.addAndGet(TimeUnit.MILLISECONDS.toNanos(1_001));
    }

    private List<String> lines() {
        return said.toString(StandardCharsets.UTF_8).lines().toList();
    }

    @Test
    void aRewrittenFileIsTakenAtTheFirstUseASecondOnAndReadOnlyWhenItChanged() {
        environment.file(FILE, "second\n");
        assertEquals("first", secret.value(), "not looked at again within the second");
        aSecondLater();
        int reads = environment.reads;
        assertEquals("second", secret.value());
        assertEquals(reads + 1, environment.reads);
        aSecondLater();
        assertEquals("second", secret.value());
        assertEquals(reads + 1, environment.reads, "unchanged: not read again");
        assertEquals(List.of("[weft] " + FILE + " changed: the endpoint takes the new secret from now on"), lines());
        assertTrue(said.toString(StandardCharsets.UTF_8).indexOf("second") < 0, "never the value");
    }

    @Test
    void valueNowLooksWhateverTheTimeSinceTheLastLook() {
        environment.file(FILE, "second\n");
        assertEquals("first", secret.value());
        assertEquals("second", secret.valueNow());
        assertEquals("second", secret.value());
    }

    @Test
    void anUnreadableOrEmptyFileKeepsThePreviousSecretAndIsSaidOnce() {
        environment.remove(FILE);
        aSecondLater();
        assertEquals("first", secret.value());
        assertEquals(List.of(), lines(), "perhaps being replaced: looked at again before saying anything");
        for (int i = 0; i < 5; i++) {
            aSecondLater();
            assertEquals("first", secret.value());
        }
        assertEquals(List.of("[weft] WARN cannot read the secret in " + FILE + " again (no such file): the previous "
                + "one stays in force until the file changes"), lines());

        environment.file(FILE, "  \n");
        for (int i = 0; i < 5; i++) {
            aSecondLater();
            assertEquals("first", secret.value());
        }
        assertEquals(2, lines().size(), lines().toString());
        assertTrue(lines().get(1).contains("(it is empty)"), lines().get(1));

        environment.file(FILE, "third");
        aSecondLater();
        assertEquals("third", secret.value());
    }

    @Test
    void anEmptyFileThatIsWrittenBeforeTheNextLookIsNeverSaid() {
        environment.file(FILE, "");
        aSecondLater();
        assertEquals("first", secret.value());
        environment.file(FILE, "second");
        aSecondLater();
        assertEquals("second", secret.value());
        assertEquals(1, lines().size(), lines().toString());
    }

    @Test
    void secretsFromTheSameFileAreEqualWhateverTheyHoldAndFixedOnesByValue() {
        Secret again = Secret.file(Path.of(FILE), "other", null, environment, now::get);
        assertEquals(secret, again);
        assertEquals(secret.hashCode(), again.hashCode());
        assertNotEquals(secret, Secret.file(Path.of("/etc/weft/other"), "first", null, environment, now::get));
        assertEquals(Secret.fixed("environment variable T", "a"), Secret.fixed("environment variable T", "a"));
        assertNotEquals(Secret.fixed("environment variable T", "a"), Secret.fixed("environment variable T", "b"));
        assertNotEquals(Secret.fixed("file " + FILE, "first"), secret);
        assertEquals("file " + FILE, secret.toString(), "never the value");
    }

    @Test
    void aFixedSecretNeverLooksAtAFile() {
        Secret fixed = Secret.fixed("environment variable T", "a");
        aSecondLater();
        assertEquals("a", fixed.value());
        assertEquals(0, environment.reads);
    }
}
