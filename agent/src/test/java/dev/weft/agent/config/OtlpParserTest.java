package dev.weft.agent.config;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** {@code exporters.otlp}: as written, the gaps left for the environment and the defaults. */
class OtlpParserTest {

    private static final OtlpConfig ALL_GAPS = new OtlpConfig(null, null, null, null, null);

    private static Sections.Read<OtlpConfig> read(String yaml) {
        return Sections.read(yaml, "exporters.otlp", OtlpParser::otlp);
    }

    private static void assertProblemLeavesAGap(String expected, String yaml) {
        Sections.assertOneProblem(expected, ALL_GAPS, read(yaml));
    }

    @Test
    void everySetting() {
        Sections.Read<OtlpConfig> read = read("""
                exporters:
                  otlp:
                    endpoint: " https://collector.example:4318/ "
                    protocol: grpc
                    headers: {x-api-key: secret}
                    timeout: 5s
                    interval: 30s
                """);
        assertEquals(List.of(), read.problems());
        assertEquals(new OtlpConfig("https://collector.example:4318/", "grpc", Map.of("x-api-key", "secret"),
                Duration.ofSeconds(5), Duration.ofSeconds(30)), read.value());
    }

    @Test
    void anEmptySectionLeavesEverythingToTheEnvironment() {
        assertEquals(new Sections.Read<>(ALL_GAPS, List.of()), read("exporters:\n  otlp: {}\n"));
        assertEquals(new Sections.Read<>(ALL_GAPS, List.of()), read("exporters:\n  otlp:\n"));
        assertEquals(Map.of(), read("exporters:\n  otlp: {headers: {}}\n").value().headers());
    }

    @Test
    void anEndpointIsAnHttpUrl() {
        assertProblemLeavesAGap("weft.yaml:3:15: exporters.otlp.endpoint: 'collector:4318' is not an http:// or"
                + " https:// URL, e.g. http://localhost:4318", "exporters:\n  otlp:\n    endpoint: collector:4318\n");
    }

    @Test
    void anUnknownProtocol() {
        assertProblemLeavesAGap("weft.yaml:3:15: exporters.otlp.protocol: 'grpcc' is not an OTLP protocol (did you mean"
                + " 'grpc'?) (choose http/protobuf or grpc)", "exporters:\n  otlp:\n    protocol: grpcc\n");
        assertProblemLeavesAGap("weft.yaml:3:15: exporters.otlp.protocol: 'http/json' is not an OTLP protocol"
                + " (choose http/protobuf or grpc)", "exporters:\n  otlp:\n    protocol: http/json\n");
    }

    @Test
    void headersAreAMappingOfValues() {
        Sections.Read<OtlpConfig> read = read("exporters:\n  otlp:\n    headers: [x-api-key]\n");
        assertEquals(List.of("weft.yaml:3:14: exporters.otlp.headers: must be a mapping of names to values"),
                read.problems());
        assertEquals(Map.of(), read.value().headers());

        read = read("exporters:\n  otlp:\n    headers: {a: 1, b: [2]}\n");
        assertEquals(List.of("weft.yaml:3:24: exporters.otlp.headers.b: must be a single value, not a list or mapping"),
                read.problems());
        assertEquals(Map.of("a", "1"), read.value().headers());
    }

    @Test
    void timeoutAndIntervalAreDurations() {
        assertProblemLeavesAGap("weft.yaml:3:14: exporters.otlp.timeout: '5' is not a duration above zero such as"
                + " 500ms, 10s, 5m or 1h", "exporters:\n  otlp:\n    timeout: 5\n");
        assertProblemLeavesAGap("weft.yaml:3:15: exporters.otlp.interval: '0s' is not a duration above zero such as"
                + " 500ms, 10s, 5m or 1h", "exporters:\n  otlp:\n    interval: 0s\n");
    }

    @Test
    void anUnknownKey() {
        assertProblemLeavesAGap("weft.yaml:3:5: exporters.otlp.endpoints: unknown key (did you mean 'endpoint'?)"
                + " (known here: endpoint, protocol, headers, timeout, interval)",
                "exporters:\n  otlp:\n    endpoints: http://x:4318\n");
    }
}
