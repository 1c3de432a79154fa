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
}
