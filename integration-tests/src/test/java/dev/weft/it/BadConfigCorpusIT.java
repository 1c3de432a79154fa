package dev.weft.it;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A corpus of broken config files (src/test/resources/bad-configs), each with one mistake a person
 * makes: YAML syntax, unknown keys, wrong types, bad patterns, duplicates, values out of range. The
 * first line of each file says what Weft must answer ({@code # expect: line:column: key: message}).
 * For every file: exactly that one message, naming the file, line and key; the service starts and
 * serves every request; and with {@code strict=true} the JVM refuses to start with the same message.
 */
class BadConfigCorpusIT {

    private static final String EXPECT = "# expect: ";

    static Stream<Path> corpus() throws IOException, URISyntaxException {
        Path dir = Paths.get(BadConfigCorpusIT.class.getResource("/bad-configs").toURI());
        List<Path> files;
        try (Stream<Path> listing = Files.list(dir)) {
            files = listing.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
        assertTrue(files.size() >= 30, "the corpus has " + files.size() + " files");
        return files.stream();
    }

    static String expected(Path file) throws IOException {
        String first = Files.readAllLines(file).get(0);
        assertTrue(first.startsWith(EXPECT), file + " must start with '" + EXPECT + "...'");
        return file + ":" + first.substring(EXPECT.length());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void oneClearMessageAndTheServiceServes(Path file) throws Exception {
        String expected = expected(file);
        try (AppProcess app = AppProcess.withAgent("config=" + file + ",port=0").awaitAppAndAgent()) {
            int served = 0;
            for (int i = 0; i < 5; i++) {
                assertEquals(200, app.app("/orders/place?item=book&qty=" + (i + 1)).statusCode());
                served++;
            }
            // Weft reports itself degraded (parts skipped), or down (503) when the file as a whole is not valid YAML
            // and nothing can be measured; either way the service above answered every request.
            java.net.http.HttpResponse<String> health = app.weft("/health");
            boolean unusable = file.getFileName().toString().startsWith("yaml-");
            assertEquals(unusable ? 503 : 200, health.statusCode(), health.body());
            assertTrue(health.body().startsWith("{\"status\":\"" + (unusable ? "down" : "degraded") + "\""), health.body());
            List<String> messages = app.stderrLinesWith("config:");
            assertEquals(1, messages.size(), "one message, got:\n" + String.join("\n", app.stderr()));
            assertTrue(messages.get(0).contains(expected), "expected\n  " + expected + "\nin\n  " + messages.get(0));
            ReliabilityLog.row("Config", "`" + file.getFileName() + "`: " + Files.readAllLines(file).get(0)
                            .substring(EXPECT.length()), served + "/5 requests answered 200",
                    "one line: `" + messages.get(0).substring(messages.get(0).indexOf(file.getFileName().toString())) + "`",
                    "requests " + served + ", errors 0");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void strictModeRefusesWithTheSameMessage(Path file) throws Exception {
        String expected = expected(file);
        try (AppProcess app = AppProcess.withAgent("config=" + file + ",port=0,strict=true")) {
            assertEquals(1, app.awaitExit(), String.join("\n", app.stderr()));
            assertTrue(app.stdout().isEmpty(), "the app must not have started: " + app.stdout());
            assertTrue(app.stderrLinesWith(expected).size() == 1, "expected\n  " + expected + "\nin\n"
                    + String.join("\n", app.stderr()));
            assertTrue(!app.stderrLinesWith("refusing to start the service").isEmpty(), String.join("\n", app.stderr()));
        }
    }
}
