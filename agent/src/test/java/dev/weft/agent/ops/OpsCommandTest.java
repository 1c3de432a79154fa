package dev.weft.agent.ops;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OpsCommandTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String command, String... args) {
        PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
        return command.equals("rules") ? OpsCommand.rules(args, o, e, "USAGE\n") : OpsCommand.dashboard(args, o, e, "USAGE\n");
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void missingConfigOptionIsBadUsage() {
        assertEquals(2, run("rules"));
        assertEquals("rules: --config FILE is required\nUSAGE\n", err());
    }

    @Test
    void unknownOptionIsBadUsage() {
        assertEquals(2, run("dashboard", "--config", "x.yaml", "--runbook-url", "y"));
        assertTrue(err().startsWith("dashboard: unknown option '--runbook-url' (known: --config)\nUSAGE"), err());
    }

    @Test
    void optionWithoutValueIsBadUsage() {
        assertEquals(2, run("rules", "--config"));
        assertTrue(err().startsWith("rules: --config needs a value"), err());
    }

    @Test
    void everyConfigProblemIsPrintedAndNothingGenerated() throws IOException {
        Path config = Files.writeString(dir.resolve("weft.yaml"), """
                instrument:
                  - {name: a, class: a.B, recrd: [timer]}
                slos:
                  - {name: s, selector: nope, success: 99%}
                """);
        assertEquals(1, run("rules", "--config", config.toString()));
        String[] lines = err().split("\n");
        assertEquals(2, lines.length, err());
        assertTrue(lines[0].startsWith(config + ":2:"), lines[0]);
        assertTrue(lines[1].startsWith(config + ":4:"), lines[1]);
        assertEquals("", out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aMissingFileIsAConfigProblem() {
        assertEquals(1, run("dashboard", "--config=" + dir.resolve("none.yaml")));
        assertTrue(err().contains("cannot read the config: no such file"), err());
    }

    @Test
    void printsRulesWithTheRunbookBase() throws IOException {
        Path config = Files.writeString(dir.resolve("shop.yaml"), """
                instrument:
                  - {name: a, class: a.B}
                slos:
                  - {name: s, selector: a, success: 99%}
                """);
        assertEquals(0, run("rules", "--config", config.toString(), "--runbook-url=https://runbooks.example/weft"));
        String rules = out.toString(StandardCharsets.UTF_8);
        assertTrue(rules.contains("Prometheus rules for the service 'shop'"), rules);
        assertTrue(rules.contains("runbook_url: \"https://runbooks.example/weft#weftsloburnratefast\""), rules);
        assertEquals("", err());
    }
}
