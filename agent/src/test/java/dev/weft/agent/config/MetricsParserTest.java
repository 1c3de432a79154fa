package dev.weft.agent.config;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** {@code metrics:}. */
class MetricsParserTest {

    private static Sections.Read<MetricsConfig> read(String yaml) {
        return Sections.read(yaml, "metrics", MetricsParser::metrics);
    }

    private static void assertProblemKeepsTheDefaults(String expected, String yaml) {
        Sections.assertOneProblem(expected, MetricsConfig.DEFAULT, read(yaml));
    }

    @Test
    void everySetting() {
        Sections.Read<MetricsConfig> read = read("""
                metrics:
                  buckets: [0.01, 0.1, 1]
                  runtime: false
                  max-series: 100
                  window: 30s
                """);
        assertEquals(List.of(), read.problems());
        assertEquals(new MetricsConfig(List.of(0.01, 0.1, 1.0), false, 100, Duration.ofSeconds(30)), read.value());
        assertEquals("buckets [0.01, 0.1, 1.0]\nruntime metrics false\nmax series 100\nwindow PT30S",
                read.value().canonical());
    }

    @Test
    void theDefaults() {
        assertEquals(new Sections.Read<>(MetricsConfig.DEFAULT, List.of()), read("service: {name: x}\n"));
        assertEquals(new Sections.Read<>(MetricsConfig.DEFAULT, List.of()), read("metrics:\n"));
        assertEquals(new MetricsConfig(List.of(0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0,
                2.5, 5.0, 10.0), true, 2000, Duration.ofMinutes(1)), MetricsConfig.DEFAULT);
    }

    @Test
    void eachGoodSettingStaysNextToABadOne() {
        Sections.Read<MetricsConfig> read = read("metrics:\n  runtime: false\n  max-series: 0\n");
        assertEquals(List.of("weft.yaml:3:15: metrics.max-series: 0 is out of range 1..1000000"), read.problems());
        assertEquals(new MetricsConfig(MetricsConfig.DEFAULT_BUCKETS, false, MetricsConfig.DEFAULT_MAX_SERIES,
                MetricsConfig.DEFAULT_WINDOW), read.value());
    }

    @Test
    void emptyBuckets() {
        assertProblemKeepsTheDefaults("weft.yaml:2:12: metrics.buckets: is empty; the default buckets stay in force",
                "metrics:\n  buckets: []\n");
    }

    @Test
    void bucketsNotIncreasing() {
        assertProblemKeepsTheDefaults("weft.yaml:2:23: metrics.buckets[2]: 0.25 must be greater than the bucket before"
                + " it (0.5); the default buckets stay in force", "metrics:\n  buckets: [0.1, 0.5, 0.25]\n");
    }

    @Test
    void aBucketAtZero() {
        assertProblemKeepsTheDefaults("weft.yaml:2:13: metrics.buckets[0]: 0.0 must be above 0 (seconds); the default"
                + " buckets stay in force", "metrics:\n  buckets: [0, 1]\n");
    }

    @Test
    void aBucketThatIsNotANumber() {
        assertProblemKeepsTheDefaults("weft.yaml:2:18: metrics.buckets[1]: '1s' is not a number",
                "metrics:\n  buckets: [0.5, 1s]\n");
    }

    @Test
    void runtimeIsABoolean() {
        assertProblemKeepsTheDefaults("weft.yaml:2:12: metrics.runtime: 'no' must be true or false",
                "metrics:\n  runtime: no\n");
    }

    @Test
    void maxSeriesIsAWholeNumber() {
        assertProblemKeepsTheDefaults("weft.yaml:2:15: metrics.max-series: 'lots' is not a whole number",
                "metrics:\n  max-series: lots\n");
        assertProblemKeepsTheDefaults("weft.yaml:2:15: metrics.max-series: 1000001 is out of range 1..1000000",
                "metrics:\n  max-series: 1000001\n");
    }

    @Test
    void theWindowIsBetweenTenSecondsAndADay() {
        assertProblemKeepsTheDefaults("weft.yaml:2:11: metrics.window: must be between 10s and 24h",
                "metrics:\n  window: 5s\n");
        assertProblemKeepsTheDefaults("weft.yaml:2:11: metrics.window: must be between 10s and 24h",
                "metrics:\n  window: 25h\n");
        assertEquals(Duration.ofHours(24), read("metrics:\n  window: 24h\n").value().window());
        assertEquals(Duration.ofSeconds(10), read("metrics:\n  window: 10s\n").value().window());
    }

    @Test
    void theWindowIsADuration() {
        assertProblemKeepsTheDefaults("weft.yaml:2:11: metrics.window: 'a minute' is not a duration above zero such as"
                + " 500ms, 10s, 5m or 1h", "metrics:\n  window: a minute\n");
    }

    @Test
    void anUnknownKey() {
        assertProblemKeepsTheDefaults("weft.yaml:2:3: metrics.bucket: unknown key (did you mean 'buckets'?)"
                + " (known here: buckets, runtime, max-series, window)", "metrics:\n  bucket: [1]\n");
    }
}
