package dev.weft.it;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.jar.JarFile;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code java -jar weft-agent.jar <command>} as a user runs it, for the commands no other test runs
 * ({@code rules} and {@code dashboard}: AlertRulesIT; {@code list} and {@code attach}: AttachIT).
 */
class CommandLineIT {

    private static final Path EXAMPLES = Paths.get(System.getProperty("weft.example.config")).getParent();

    @Test
    void versionAndDashDashVersionPrintTheJarsVersion() throws Exception {
        String jarVersion = implementationVersion();
        for (String command : List.of("version", "--version")) {
            WeftCli.Result result = WeftCli.run(command);
            assertEquals(0, result.exitCode(), result.stderr());
            assertEquals("Weft " + jarVersion + "\n", result.stdout(), command);
            assertEquals("", result.stderr(), command);
        }
    }

    @Test
    void helpListsEveryCommand() throws Exception {
        WeftCli.Result result = WeftCli.run("--help");
        assertEquals(0, result.exitCode());
        for (String command : List.of("list", "attach", "rules", "dashboard", "check", "version")) {
            assertTrue(result.stdout().contains("\n  " + command + " ") || result.stdout().contains("\n  " + command + ","),
                    command + " in\n" + result.stdout());
        }
    }

    @Test
    void checkPassesTheExampleConfigs() throws Exception {
        List<String> args = new ArrayList<>(List.of("check", "--config"));
        List<Path> examples;
        try (Stream<Path> listing = Files.list(EXAMPLES)) {
            examples = listing.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
        examples.forEach(p -> args.add(p.toString()));
        WeftCli.Result result = WeftCli.run(args.toArray(String[]::new));
        assertEquals(0, result.exitCode(), result.stderr());
        assertEquals("", result.stderr());
        for (Path example : examples) {
            assertTrue(result.stdout().contains(example + ": OK\n"), example + " in\n" + result.stdout());
        }
    }

    /** The bad-config corpus in one run: each file gets exactly the message the agent gives it at start, and exit 1. */
    @Test
    void checkGivesEachBrokenConfigItsOneMessage() throws Exception {
        List<Path> corpus = BadConfigCorpusIT.corpus().toList();
        List<String> args = new ArrayList<>(List.of("check", "--config"));
        corpus.forEach(p -> args.add(p.toString()));
        WeftCli.Result result = WeftCli.run(args.toArray(String[]::new));
        assertEquals(1, result.exitCode(), result.stdout());
        assertEquals("", result.stdout());
        List<String> lines = Arrays.asList(result.stderr().split("\n"));
        assertEquals(corpus.size(), lines.size(), result.stderr());
        for (Path file : corpus) {
            String expected = BadConfigCorpusIT.expected(file);
            List<String> mine = lines.stream().filter(line -> line.startsWith(file + ":")).toList();
            assertEquals(1, mine.size(), file + ": " + mine);
            assertTrue(mine.get(0).startsWith(expected), "expected\n  " + expected + "\nin\n  " + mine.get(0));
        }
    }

    @Test
    void checkOfAMissingFileSaysSoAndFails() throws Exception {
        WeftCli.Result result = WeftCli.run("check", "--config", "/nonexistent/weft.yaml");
        assertEquals(1, result.exitCode());
        assertTrue(result.stderr().startsWith("/nonexistent/weft.yaml: "), result.stderr());
    }

    @Test
    void checkWithoutAConfigIsBadUsage() throws Exception {
        WeftCli.Result result = WeftCli.run("check");
        assertEquals(2, result.exitCode());
        assertTrue(result.stderr().startsWith("check: --config FILE [FILE...] is required"), result.stderr());
    }

    /** What the agent jar's manifest says it is. */
    private static String implementationVersion() throws IOException {
        try (JarFile jar = new JarFile(AppProcess.AGENT_JAR.toFile())) {
            return jar.getManifest().getMainAttributes().getValue("Implementation-Version");
        }
    }
}
