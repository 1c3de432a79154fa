package dev.weft.it;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The W3C Trace Context test suite (vendored in {@code src/test/w3c-trace-context}, see its README)
 * against the test app {@code trace-context-peer} with Weft: the harness sends requests with all
 * manner of valid and invalid {@code traceparent} and {@code tracestate} headers and checks what the
 * peer's callbacks carry. The peer has no trace code, so every header checked is Weft's work: the
 * JDK HTTP server's instrumentation reading them, an HTTP client's writing them. One peer JVM for
 * all clients, each named in the path of the endpoint the harness calls.
 */
class TraceContextSuiteIT {

    private static final Path PEER_JAR = Paths.get(System.getProperty("weft.peer.jar"));
    private static final Path SUITE = Paths.get(System.getProperty("weft.w3c.suite"));
    /**
     * Debian's interpreter, which Debian's {@code python3-aiohttp} (installed by {@code bin/test})
     * serves; a {@code python3} earlier on the PATH may be another one, without aiohttp.
     */
    private static final String PYTHON = Files.isExecutable(Paths.get("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";
    /**
     * The tests {@code test.py} has at the vendored commit: 41, of which one (TraceContext2Test, the
     * Level 2 random-trace-id flag) the suite itself skips at its default {@code SPEC_LEVEL} 1.
     */
    private static final int SUITE_TESTS = 41;
    private static final String LEVEL_2_SKIPPED = "... skipped 'Trace Context Level 2'";
    private static final Pattern RAN = Pattern.compile("^Ran (\\d+) tests? in ", Pattern.MULTILINE);

    @TempDir
    static Path dir;
    private static OtlpReceiver receiver;
    private static AppProcess peer;

    @BeforeAll
    static void startPeer() throws IOException {
        assertTrue(Files.isRegularFile(SUITE.resolve("test.py")), "the vendored suite is missing: " + SUITE);
        // Tracing on, its spans to a real receiver that takes them all and prints none: nobody looks at
        // them here, and an endpoint that refused them would only be noise.
        receiver = OtlpReceiver.startQuiet();
        Path config = Configs.write(dir, "weft.yaml", """
                service: {name: trace-context-peer}
                exporters:
                  otlp:
                    endpoint: %s
                """.formatted(OtlpReceiver.HTTP_ENDPOINT));
        peer = AppProcess.jarWithAgent(PEER_JAR, "config=" + config + ",port=0").awaitAppAndAgent();
    }

    @AfterAll
    static void stopPeer() throws Exception {
        try (OtlpReceiver r = receiver; AppProcess p = peer) {
            // closes both, even if one was never started
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"urlconnection", "jdk-http-client", "pool", "apache5", "apache5-async", "apache4",
            "reactor-netty", "okhttp", "okhttp-async"})
    void theWholeSuitePassesWithTheCallbacksMadeBy(String client) throws Exception {
        Outcome outcome = runSuite("http://127.0.0.1:" + peer.appPort() + "/test/" + client);
        String output = outcome.output();
        String context = "\n--- test.py output ---\n" + output + "\n--- peer stderr ---\n" + String.join("\n", peer.stderr());
        assertEquals(0, outcome.exitCode(), "test.py exits with the number of tests that failed" + context);

        Matcher ran = RAN.matcher(output);
        assertTrue(ran.find(), "no test summary" + context);
        assertEquals(SUITE_TESTS, Integer.parseInt(ran.group(1)), "the suite's tests all ran" + context);
        assertEquals(1, count(output, LEVEL_2_SKIPPED), "only the Level 2 test is skipped" + context);
        assertEquals(SUITE_TESTS - 1, count(output, "... ok\n"), "every other test passed" + context);
        assertTrue(output.stripTrailing().endsWith("\nOK (skipped=1)"), "the suite's verdict" + context);
        assertEquals(List.of(), peer.stderrLinesWith("trace-context-peer: " + client + ":"), "no callback failed" + context);
    }

    /** What {@code test.py} printed and its exit code, the number of tests that failed. */
    private record Outcome(String output, int exitCode) {
    }

    /** Runs {@code test.py} against {@code endpoint}. */
    private static Outcome runSuite(String endpoint) throws IOException, InterruptedException {
        Path log = Files.createTempFile(dir, "test-py", ".log");
        ProcessBuilder builder = new ProcessBuilder(PYTHON, "-B", "test.py", endpoint).directory(SUITE.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("HARNESS_HOST", "127.0.0.1");
        builder.environment().put("HARNESS_PORT", Integer.toString(freePort()));
        builder.environment().put("STRICT_LEVEL", "2");   // every test, the tracestate limits included
        builder.environment().put("SPEC_LEVEL", "1");     // the suite's default, said so it stays the one tested
        builder.environment().put("PYTHONDONTWRITEBYTECODE", "1"); // no __pycache__ in the source tree
        builder.environment().remove("HARNESS_DEBUG");
        Process python = builder.start();
        // The harness's own timeouts (5 s a request) bound every test; this bounds a harness that hangs.
        boolean ended = python.waitFor(120, TimeUnit.SECONDS);
        if (!ended) {
            python.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        String output = Files.readString(log, StandardCharsets.UTF_8).replace("\r\n", "\n");
        if (output.contains("No module named 'aiohttp'")) {
            throw new AssertionError(PYTHON + " has no aiohttp: install Debian's python3-aiohttp (bin/test does)\n" + output);
        }
        if (!ended) {
            throw new AssertionError("test.py did not end within 120 s\n" + output);
        }
        return new Outcome(output, python.exitValue());
    }

    /** A port free now, for the harness: 7777, its default, may be taken. */
    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static int count(String text, String part) {
        int count = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + part.length())) {
            count++;
        }
        return count;
    }
}
