package dev.weft.agent.reload;

import dev.weft.agent.config.ConfigFollower;
import dev.weft.agent.config.ConfigLoader;
import dev.weft.agent.config.ConfigResult;
import dev.weft.agent.config.PrometheusConfig;
import dev.weft.agent.config.Slo;
import dev.weft.agent.config.WeftConfig;
import dev.weft.agent.state.AgentState;
import dev.weft.agent.state.CurrentState;
import dev.weft.agent.state.ReloadOutcome;
import dev.weft.agent.weave.RetransformReport;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReloaderTest {

    private static final String BASE = """
            instrument:
              - name: orders
                class: acme.Orders
            slos:
              - name: fast
                selector: orders
                latency: {percentile: 99, below: 250ms}
            exporters:
              prometheus: {port: 9500}
            """;

    private final List<String> calls = new ArrayList<>();
    private final List<ReloadOutcome> outcomes = new ArrayList<>();
    private final CurrentState state = new CurrentState(AgentState.starting(parse(BASE).config(), List.of(),
            Instant.EPOCH).asReady());

    private static ConfigResult parse(String yaml) {
        return ConfigLoader.parse(yaml, "weft.yaml", "svc");
    }

    /** A component that follows one part of the config and writes down what it was told. */
    private <T> ConfigFollower<T> follower(String name, Function<WeftConfig, T> part) {
        return new ConfigFollower<>() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public T follows(WeftConfig config) {
                return part.apply(config);
            }

            @Override
            public void changed(T before, T after, WeftConfig config) {
                // Told before the swap: views still read the old state while components change.
                calls.add(name + " " + before + " -> " + after + (state.get().config() == config ? " (swapped)" : ""));
            }
        };
    }

    private Reloader reloader(List<ConfigFollower<?>> followers) {
        return new Reloader("weft.yaml", ReloaderTest::parse, config -> config, config -> {
            calls.add("weave " + config.instrument().size());
            return RetransformReport.NONE;
        }, followers, state, outcomes::add, Clock.fixed(Instant.ofEpochSecond(60), ZoneOffset.UTC));
    }

    private List<ConfigFollower<?>> sloAndEndpoint() {
        return List.of(
                follower("slos", config -> config.slos().stream().map(Slo::name).toList()),
                follower("endpoint", config -> config.prometheus().port()));
    }

    @Test
    void weavesThenTellsOnlyTheComponentsWhosePartChangedThenSwaps() {
        ReloadOutcome outcome = reloader(sloAndEndpoint()).reload(BASE.replace("name: fast", "name: quick"), "test");

        assertEquals("applied", outcome.status());
        assertEquals(List.of("weave 1", "slos [fast] -> [quick]"), calls);
        assertEquals("quick", state.get().config().slos().get(0).name());
        assertSame(outcome, state.get().lastReload());
        assertEquals(Instant.ofEpochSecond(60), state.get().appliedAt());
        assertEquals(List.of(outcome), outcomes);
    }

    @Test
    void aChangedSectionReachesItsFollowerWithBothValues() {
        reloader(sloAndEndpoint()).reload(BASE.replace("9500", "9501"), "test");

        assertEquals(List.of("weave 1", "endpoint 9500 -> 9501"), calls);
        PrometheusConfig prometheus = state.get().config().prometheus();
        assertEquals(9501, prometheus.port());
    }

    @Test
    void aFileWithProblemsIsRejectedWholeAndNothingIsTold() {
        WeftConfig before = state.get().config();
        ReloadOutcome outcome = reloader(sloAndEndpoint())
                .reload(BASE.replace("9500", "99999").replace("name: fast", "name: quick"), "test");

        assertEquals("rejected", outcome.status());
        assertTrue(outcome.problems().get(0).contains("exporters.prometheus.port"), outcome.problems().toString());
        assertEquals(List.of(), calls);
        assertSame(before, state.get().config());
        assertSame(outcome, state.get().lastReload());
        assertEquals(Instant.EPOCH, state.get().appliedAt());
    }

    @Test
    void theSameConfigAgainWeavesNothingAndTellsNobody() {
        ReloadOutcome outcome = reloader(sloAndEndpoint()).reload(BASE + "\n# only a comment\n", "test");

        assertEquals("unchanged", outcome.status());
        assertEquals(List.of(), calls);
        assertEquals(Instant.EPOCH, state.get().appliedAt());
    }

    @Test
    void aFailingComponentCostsItsOwnPartNotTheReloadNorTheOthers() {
        ConfigFollower<Integer> failing = new ConfigFollower<>() {
            @Override
            public String name() {
                return "broken";
            }

            @Override
            public Integer follows(WeftConfig config) {
                return config.prometheus().port();
            }

            @Override
            public void changed(Integer before, Integer after, WeftConfig config) {
                throw new IllegalStateException("cannot");
            }
        };
        ReloadOutcome outcome = reloader(List.of(failing,
                follower("endpoint", config -> config.prometheus().port())))
                .reload(BASE.replace("9500", "9501"), "test");

        assertEquals("applied", outcome.status());
        assertEquals(List.of("weave 1", "endpoint 9500 -> 9501"), calls);
        assertEquals(9501, state.get().config().prometheus().port());
    }

    /** What Weft said on stderr while {@code action} ran. */
    private static String stderrOf(Runnable action) {
        PrintStream original = System.err;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        System.setErr(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            action.run();
        } finally {
            System.setErr(original);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void anSloWhoseThresholdIsNotABucketIsNamedOnceAtTheReloadThatBringsIt() {
        String slower = BASE.replace("exporters:", """
                  - name: slower
                    selector: orders
                    latency: {percentile: 95, below: 300ms}
                exporters:""");
        Reloader reloader = reloader(List.of());
        String said = stderrOf(() -> assertEquals("applied", reloader.reload(slower, "test").status()));
        List<String> lines = said.lines().filter(line -> line.contains("WARN")).toList();
        assertEquals(1, lines.size(), said);
        assertEquals("[weft] WARN SLO 'slower' (weft.yaml:8): its latency threshold 0.3 s is not a bucket of the "
                + "histograms in force, which keep their buckets for the life of the process: until the next start "
                + "no le=\"0.3\" series exists and the generated alert rules cannot fire for it; /slos marks it "
                + "(thresholdBucket: missing until restart)", lines.get(0));
        assertFalse(said.contains("metrics.buckets changed"), "the file's buckets did not change: " + said);
        assertEquals(List.of(0.25), state.get().config().metrics().bucketsSeconds().stream()
                .filter(b -> b == 0.25 || b == 0.3).toList(), "the buckets in force stay");

        String again = stderrOf(() -> reloader.reload(slower.replace("port: 9500", "port: 9501"), "test"));
        assertFalse(again.contains("SLO 'slower'"), "said once, not at every reload after: " + again);
        String written = stderrOf(() -> reloader.reload(slower.replace("port: 9500", "port: 9502")
                + "metrics: {buckets: [0.1, 1]}\n", "test"));
        assertTrue(written.contains("metrics.buckets changed"), "a change the file did make is still named: " + written);
    }

    @Test
    void bucketsKeepTheirValueUntilRestart() {
        List<Double> before = state.get().config().metrics().bucketsSeconds();
        ReloadOutcome outcome = reloader(List.of(follower("buckets", config -> config.metrics().bucketsSeconds())))
                .reload(BASE + "metrics: {buckets: [0.1, 1]}\n", "test");

        assertEquals("unchanged", outcome.status());
        assertEquals(List.of(), calls);
        assertEquals(before, state.get().config().metrics().bucketsSeconds());
    }
}
