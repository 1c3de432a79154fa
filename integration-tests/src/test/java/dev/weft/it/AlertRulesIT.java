package dev.weft.it;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code java -jar weft-agent.jar rules} and {@code dashboard} as a user runs them, checked by
 * Prometheus' own tools: {@code promtool check rules} on the output and on what config/ ships, and
 * {@code promtool test rules} with series that break the example config's objectives (the alerts
 * must fire, with their labels and annotations) and healthy ones (no alert).
 */
class AlertRulesIT {

    private static final Path EXAMPLE = Paths.get(System.getProperty("weft.example.config"));
    private static final Path CONFIG_DIR = EXAMPLE.getParent().getParent();
    private static final String[] PROMTOOL_TESTS = {"violating-test.yml", "healthy-test.yml"};

    private static String rules(Path config) throws Exception {
        WeftCli.Result result = WeftCli.run("rules", "--config", config.toString());
        assertEquals("", result.stderr());
        assertEquals(0, result.exitCode());
        return result.stdout();
    }

    @Test
    void generatedAndShippedRulesPassPromtoolCheck(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("orders-rules.yml"), rules(EXAMPLE));
        String output = PromtoolRun.run(dir, "check", "rules", "orders-rules.yml").assertSuccess("generated rules").output();
        assertTrue(output.contains("SUCCESS: 33 rules found"), output);

        PromtoolRun.run(CONFIG_DIR, "check", "rules", "prometheus/orders-rules.yml").assertSuccess("config/prometheus/orders-rules.yml");
        // the shipped scrape config, with the rule file it loads
        PromtoolRun.run(CONFIG_DIR, "check", "config", "prometheus.yml").assertSuccess("config/prometheus.yml");
    }

    @Test
    void alertsFireOnViolatingSeriesAndStaySilentOnHealthyOnes(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("orders-rules.yml"), rules(EXAMPLE));
        for (String test : PROMTOOL_TESTS) {
            try (InputStream in = AlertRulesIT.class.getResourceAsStream("/promtool/" + test)) {
                Files.copy(in, dir.resolve(test));
            }
        }
        String output = PromtoolRun.run(dir, "test", "rules", PROMTOOL_TESTS[0], PROMTOOL_TESTS[1])
                .assertSuccess("promtool test rules").output();
        assertEquals(2, output.split("SUCCESS", -1).length - 1, output);
    }

    @Test
    void runbookBaseGoesIntoEveryLink(@TempDir Path dir) throws Exception {
        WeftCli.Result result = WeftCli.run("rules", "--config", EXAMPLE.toString(), "--runbook-url",
                "https://runbooks.example/weft/RUNBOOK.md");
        assertEquals(0, result.exitCode(), result.stderr());
        long links = result.stdout().lines().filter(line -> line.contains("runbook_url: ")).count();
        long based = result.stdout().lines()
                .filter(line -> line.contains("runbook_url: \"https://runbooks.example/weft/RUNBOOK.md#weft")).count();
        assertEquals(links, based);
        assertTrue(links > 0);
        Files.writeString(dir.resolve("rules.yml"), result.stdout());
        PromtoolRun.run(dir, "check", "rules", "rules.yml").assertSuccess("rules with a runbook base");
    }

    @Test
    void aConfigWithProblemsGivesEachProblemAndExitCode1(@TempDir Path dir) throws Exception {
        Path config = Configs.write(dir, "weft.yaml", """
                instrument:
                  - {name: checkout, class: acme.orders.OrderService, record: [count]}
                slos:
                  - {name: slow, selector: checkout, latency: {percentile: 95, below: 100ms}}
                """);
        WeftCli.Result result = WeftCli.run("rules", "--config", config.toString());
        assertEquals(1, result.exitCode());
        assertEquals("", result.stdout());
        assertTrue(result.stderr().startsWith(config + ":4:"), result.stderr());
        assertTrue(result.stderr().contains("does not record timer"), result.stderr());
    }

    @Test
    void missingConfigIsBadUsage() throws Exception {
        WeftCli.Result result = WeftCli.run("dashboard");
        assertEquals(2, result.exitCode());
        assertTrue(result.stderr().contains("dashboard: --config FILE is required"), result.stderr());
        assertTrue(result.stderr().contains("usage: java -jar weft-agent.jar"), result.stderr());
    }

    @Test
    void dashboardIsGrafanaJsonAndMatchesTheShippedOne() throws Exception {
        WeftCli.Result result = WeftCli.run("dashboard", "--config", EXAMPLE.toString());
        assertEquals(0, result.exitCode(), result.stderr());
        Map<String, Object> dashboard = new Yaml().load(result.stdout());
        assertEquals(39, dashboard.get("schemaVersion"));
        assertEquals("Weft: orders", dashboard.get("title"));
        assertEquals(Files.readString(CONFIG_DIR.resolve("grafana/orders-dashboard.json")), result.stdout(),
                "config/grafana/orders-dashboard.json is stale: run bin/ops-config");
        assertEquals(Files.readString(CONFIG_DIR.resolve("prometheus/orders-rules.yml")), rules(EXAMPLE),
                "config/prometheus/orders-rules.yml is stale: run bin/ops-config");
    }

    /** Runs a promtool command in a folder (rule and test files name each other relative to it). */
    record PromtoolRun(int exitCode, String output) {

        static PromtoolRun run(Path dir, String... args) throws IOException, InterruptedException {
            List<String> command = new ArrayList<>(List.of("promtool"));
            command.addAll(List.of(args));
            Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("promtool " + String.join(" ", args) + " did not finish");
            }
            return new PromtoolRun(process.exitValue(), output);
        }

        /** Throws with promtool's output unless it succeeded. */
        PromtoolRun assertSuccess(String what) {
            if (exitCode != 0) {
                throw new AssertionError(what + ": promtool exit code " + exitCode + "\n" + output);
            }
            return this;
        }
    }
}
