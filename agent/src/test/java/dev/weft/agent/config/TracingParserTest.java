package dev.weft.agent.config;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code tracing:}. */
class TracingParserTest {

    private static Sections.Read<TracingConfig> read(String yaml) {
        return Sections.read(yaml, "tracing", TracingParser::tracing);
    }

    private static TracingConfig ratio(double ratio) {
        return new TracingConfig(ratio, List.of());
    }

    private static void assertProblemKeepsTheDefault(String expected, String yaml) {
        Sections.assertOneProblem(expected, TracingConfig.DEFAULT, read(yaml));
    }

    @Test
    void theSamplerRatio() {
        assertEquals(new Sections.Read<>(ratio(0.25), List.of()),
                read("tracing:\n  sampler:\n    ratio: 0.25\n"));
        assertEquals(ratio(0.0), read("tracing: {sampler: {ratio: 0}}").value());
        assertEquals(ratio(1.0), read("tracing: {sampler: {ratio: 1}}").value());
        assertEquals("sampler 0.25 exclude-routes []", ratio(0.25).canonical());
    }

    @Test
    void everythingIsSampledByDefault() {
        assertEquals(new Sections.Read<>(ratio(1.0), List.of()), read("service: {name: x}\n"));
        assertEquals(new Sections.Read<>(TracingConfig.DEFAULT, List.of()), read("tracing:\n  sampler:\n"));
    }

    @Test
    void aRatioAboveOne() {
        assertProblemKeepsTheDefault("weft.yaml:3:12: tracing.sampler.ratio: 1.5 must be between 0.0 and 1.0",
                "tracing:\n  sampler:\n    ratio: 1.5\n");
    }

    @Test
    void aNegativeRatio() {
        assertProblemKeepsTheDefault("weft.yaml:1:28: tracing.sampler.ratio: -0.1 must be between 0.0 and 1.0",
                "tracing: {sampler: {ratio: -0.1}}\n");
    }

    @Test
    void aRatioThatIsNotANumber() {
        assertProblemKeepsTheDefault("weft.yaml:3:12: tracing.sampler.ratio: 'half' is not a number",
                "tracing:\n  sampler:\n    ratio: half\n");
    }

    @Test
    void unknownKeys() {
        assertProblemKeepsTheDefault("weft.yaml:2:3: tracing.sample: unknown key (did you mean 'sampler'?)"
                + " (known here: sampler, exclude-routes)", "tracing:\n  sample:\n    ratio: 0.5\n");
        assertProblemKeepsTheDefault("weft.yaml:3:5: tracing.sampler.rate: unknown key (known here: ratio)",
                "tracing:\n  sampler:\n    rate: 0.5\n");
    }

    @Test
    void theSamplerIsAMapping() {
        assertProblemKeepsTheDefault("weft.yaml:1:20: tracing.sampler: must be a mapping of keys (ratio)",
                "tracing: {sampler: 0.5}\n");
    }

    @Test
    void excludedRoutesAreGlobsOverPaths() {
        TracingConfig config = read("tracing:\n  exclude-routes: [/actuator/**, /health, '/api/*/ping']\n").value();
        assertEquals(List.of(RouteGlob.of("/actuator/**"), RouteGlob.of("/health"), RouteGlob.of("/api/*/ping")),
                config.excludeRoutes());
        assertTrue(config.excluded("/actuator", null));
        assertTrue(config.excluded("/actuator/health/db", "/"));
        assertTrue(config.excluded("/health", "/"));
        assertTrue(config.excluded("/api/v1/ping", "/"));
        assertFalse(config.excluded("/api/v1/x/ping", "/"));
        assertFalse(config.excluded("/healthz", "/"));
        assertFalse(config.excluded("/actuatorx", "/"));
        assertFalse(config.excluded("/owners/1", "/owners/{id}"));
        assertTrue(config.excluded("/x", "/health"), "a route the framework matched counts too");
    }

    @Test
    void anExcludedRouteThatIsNoPathIsLeftOut() {
        var read = read("tracing:\n  exclude-routes: [health, /ready]\n");
        assertEquals(List.of(RouteGlob.of("/ready")), read.value().excludeRoutes());
        assertEquals(List.of("weft.yaml:2:20: tracing.exclude-routes[0]: 'health' is not a path glob: it must begin "
                + "with / (e.g. /actuator/** or /health)"), read.problems().stream().map(Object::toString).toList());
    }
}
