package dev.weft.agent.cli;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MainTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void noCommandPrintsUsageAndFails() {
        assertEquals(2, run());
        assertTrue(err.toString(StandardCharsets.UTF_8).startsWith("usage: java -jar weft-agent.jar <command>"));
    }

    @Test
    void unknownCommandIsNamed() {
        assertEquals(2, run("atach", "1"));
        assertTrue(err.toString(StandardCharsets.UTF_8).startsWith("unknown command 'atach'"));
    }

    @Test
    void attachNeedsANumericPid() {
        assertEquals(2, run("attach", "orders"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("attach needs a process id"));
    }

    @Test
    void attachRefusesItsOwnProcess() {
        assertEquals(2, run("attach", Long.toString(ProcessHandle.current().pid())));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("is this command's own process"));
    }

    @Test
    void relativeConfigPathsAreMadeAbsoluteForTheTargetJvm() {
        String expected = "port=0,config=" + Path.of("conf/weft.yaml").toAbsolutePath().normalize() + ",strict=true";
        assertEquals(expected, Attach.absoluteConfigPath("port=0,config=conf/weft.yaml,strict=true"));
        assertEquals("config=/etc/weft.yaml", Attach.absoluteConfigPath("config=/etc/weft.yaml"));
    }

    @Test
    void listShowsJvmsOfThisUser() {
        assertEquals(0, run("list"));
        assertTrue(out.toString(StandardCharsets.UTF_8).startsWith("PID "), out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void checkSaysOkForACleanConfigAndExitsZero(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path config = java.nio.file.Files.writeString(dir.resolve("weft.yaml"),
                "instrument:\n  - name: checkout\n    class: acme.Checkout\n");
        assertEquals(0, run("check", "--config", config.toString()));
        assertEquals(config + ": OK\n", out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void checkPrintsEachProblemAsAtStartAndExitsOne(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path config = java.nio.file.Files.writeString(dir.resolve("weft.yaml"),
                "instrumnet:\n  - name: checkout\ninstrumentations:\n  executorz: false\n");
        assertEquals(1, run("check", "--config=" + config));
        String[] lines = err.toString(StandardCharsets.UTF_8).split("\n");
        assertEquals(2, lines.length, err.toString(StandardCharsets.UTF_8));
        assertTrue(lines[0].startsWith(config + ":1:1: instrumnet: unknown key (did you mean 'instrument'?)"), lines[0]);
        assertTrue(lines[1].startsWith(config + ":4:3: instrumentations.executorz: 'executorz' is not a built-in"), lines[1]);
        assertEquals("", out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void checkNeedsAConfig() {
        assertEquals(2, run("check", "weft.yaml"));
        assertTrue(err.toString(StandardCharsets.UTF_8).startsWith("check: --config FILE [FILE...] is required"));
    }

    @Test
    void dashDashVersionIsVersion() {
        assertEquals(0, run("--version"));
        assertTrue(out.toString(StandardCharsets.UTF_8).startsWith("Weft "));
    }
}
