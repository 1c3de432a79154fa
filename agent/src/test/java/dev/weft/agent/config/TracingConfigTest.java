package dev.weft.agent.config;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code trace}, {@code span-name}, {@code tracing} and {@code exporters.otlp}. */
class TracingConfigTest {

    private static ConfigResult parse(String yaml) {
        return ConfigLoader.parse(yaml, "weft.yaml", "svc");
    }

    private static List<String> problems(String yaml) {
        return parse(yaml).problems().stream().map(ConfigProblem::toString).toList();
    }

    @Test
    void everyTracingSetting() {
        ConfigResult result = parse("""
                instrument:
                  - name: checkout
                    class: acme.Checkout
                    trace: true
                    span-name: "checkout {method}"
                  - name: plain
                    class: acme.Plain
                tracing:
                  sampler:
                    ratio: 0.25
                exporters:
                  otlp:
                    endpoint: https://collector.example:4318/
                    protocol: http/protobuf
                    headers: {x-api-key: secret}
                    timeout: 5s
                    interval: 30s
                """);

        assertEquals(List.of(), result.problems());
        WeftConfig config = result.config();
        Selector checkout = config.instrument().get(0);
        assertTrue(checkout.trace());
        assertEquals("checkout {method}", checkout.spanName());
        assertFalse(config.instrument().get(1).trace());
        assertEquals(0.25, config.tracing().samplerRatio());
        OtlpConfig otlp = config.exporters().otlp().resolve(Map.of());
        assertEquals("https://collector.example:4318", otlp.endpoint());
        assertEquals(Map.of("x-api-key", "secret"), otlp.headers());
        assertEquals(Duration.ofSeconds(5), otlp.timeout());
        assertEquals(Duration.ofSeconds(30), otlp.interval());
        assertFalse(otlp.toString().contains("secret"), "header values are never printed");
    }

    @Test
    void withoutTheSectionsTracingIsOffAndSamplesEverything() {
        WeftConfig config = parse("instrument: [{name: a, class: acme.A}]").config();
        assertNull(config.exporters().otlp());
        assertEquals(1.0, config.tracing().samplerRatio());
    }

    @Test
    void gapsAreFilledFromTheStandardVariablesThenTheDefaults() {
        OtlpConfig fromEnv = new OtlpConfig(null, null, null, Duration.ofSeconds(3), null).resolve(Map.of(
                "OTEL_EXPORTER_OTLP_ENDPOINT", "http://otel:4318",
                "OTEL_EXPORTER_OTLP_HEADERS", "api-key=a%20b,tenant=t1",
                "OTEL_METRIC_EXPORT_INTERVAL", "15000"));
        assertEquals("http://otel:4318", fromEnv.endpoint());
        assertEquals(Map.of("api-key", "a b", "tenant", "t1"), fromEnv.headers());
        assertEquals(Duration.ofSeconds(3), fromEnv.timeout(), "the YAML wins");
        assertEquals(Duration.ofSeconds(15), fromEnv.interval());

        OtlpConfig defaults = new OtlpConfig(null, null, null, null, null).resolve(Map.of());
        assertEquals("http://localhost:4318", defaults.endpoint());
        assertEquals("http/protobuf", defaults.protocol());
        assertEquals(Duration.ofSeconds(10), defaults.timeout());
        assertEquals(Duration.ofSeconds(60), defaults.interval());
    }

    @Test
    void badValuesAreNamedWithFileLineAndKey() {
        assertEquals(List.of("weft.yaml:2:20: tracing.sampler.ratio: 1.5 must be between 0.0 and 1.0"),
                problems("tracing:\n  sampler: {ratio: 1.5}\n"));
        assertEquals(List.of("weft.yaml:3:15: exporters.otlp.endpoint: 'collector:4318' is not an http:// or https:// URL, "
                + "e.g. http://localhost:4318"), problems("exporters:\n  otlp:\n    endpoint: collector:4318\n"));
        assertEquals(List.of("weft.yaml:1:29: exporters.otlp.timeout: 'soon' is not a duration above zero such as "
                + "500ms, 10s, 5m or 1h"), problems("exporters: {otlp: {timeout: soon}}\n"));
        assertEquals(List.of("weft.yaml:1:30: exporters.otlp.protocol: 'thrift' is not an OTLP protocol "
                + "(choose http/protobuf or grpc)"), problems("exporters: {otlp: {protocol: thrift}}\n"));
    }

    @Test
    void grpcDefaultsToItsOwnPort() {
        OtlpConfig grpc = new OtlpConfig(null, "grpc", null, null, null).resolve(Map.of());
        assertEquals("http://localhost:4317", grpc.endpoint());
        assertEquals("grpc", new OtlpConfig(null, null, null, null, null)
                .resolve(Map.of("OTEL_EXPORTER_OTLP_PROTOCOL", "grpc")).protocol());
    }

    @Test
    void aSpanNameWithoutTraceSkipsTheSelector() {
        ConfigResult result = parse("instrument: [{name: a, class: acme.A, span-name: x}]\n");
        assertEquals(List.of("weft.yaml:1:50: instrument[0].span-name: needs trace: true; instrument entry skipped"),
                result.problems().stream().map(ConfigProblem::toString).toList());
        assertEquals(List.of(), result.config().instrument());
    }

    @Test
    void traceMustBeABoolean() {
        assertEquals(List.of("weft.yaml:1:46: instrument[0].trace: 'yes please' must be true or false; instrument entry skipped"),
                problems("instrument: [{name: a, class: acme.A, trace: yes please}]\n"));
    }
}
