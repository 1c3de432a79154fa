package dev.weft.agent.config;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/** The sections together: the empty config, the copies with a port or buckets, and the canonical text. */
class WeftConfigTest {

    private static WeftConfig parse(String yaml) {
        ConfigResult result = ConfigLoader.parse(yaml, "weft.yaml", "svc", new FakeEnvironment());
        assertEquals(List.of(), result.problems());
        return result.config();
    }

    @Test
    void theEmptyConfigIsEverySectionsDefault() {
        WeftConfig empty = WeftConfig.empty(null, "svc");
        assertEquals(new WeftConfig(null, new ServiceConfig("svc"), List.of(), List.of(), List.of(),
                new ExportersConfig(PrometheusConfig.DEFAULT, null), MetricsConfig.DEFAULT, TracingConfig.DEFAULT,
                InstrumentationsConfig.NONE), empty);
        assertEquals("svc", empty.serviceName());
        assertEquals(PrometheusConfig.DEFAULT, empty.prometheus());
        assertEquals(empty.canonical(), parse("").canonical(), "an empty file says nothing either");
    }

    @Test
    void withPortAndWithBucketsChangeOnlyTheirSetting() {
        WeftConfig config = parse("exporters: {prometheus: {host: 0.0.0.0, port: 9999}, otlp: {}}\nmetrics: {runtime: false}\n");
        WeftConfig moved = config.withPort(0);
        assertEquals(new PrometheusConfig("0.0.0.0", 0, null, null), moved.prometheus());
        assertEquals(config.exporters().otlp(), moved.exporters().otlp());
        assertEquals(config.metrics(), moved.metrics());

        WeftConfig rebucketed = config.withBuckets(List.of(1.0, 2.0));
        assertEquals(List.of(1.0, 2.0), rebucketed.metrics().bucketsSeconds());
        assertEquals(false, rebucketed.metrics().runtime());
        assertEquals(config.exporters(), rebucketed.exporters());
    }

    @Test
    void theCanonicalTextIsEachSectionsInTurn() {
        WeftConfig config = parse("""
                service: {name: checkout}
                instrument: [{name: a, class: acme.A}]
                exclude: [{class: acme.B}]
                exporters: {otlp: {endpoint: "http://collector:4318"}}
                tracing: {sampler: {ratio: 0.5}}
                instrumentations: {servlet: false}
                """);
        assertEquals(String.join("\n",
                "service checkout",
                "instrument a: class acme.A methods [] record [TIMER, ERRORS]",
                "exclude class acme.B methods [] record []",
                "prometheus 127.0.0.1:9464 auth none tls none",
                "otlp http://collector:4318 null null null null",
                "buckets [5.0E-4, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0]",
                "runtime metrics true",
                "max series 2000",
                "window PT1M",
                "sampler 0.5 exclude-routes []",
                "instrumentations {servlet=false}"), config.canonical());
    }

    @Test
    void anyChangedSectionChangesTheCanonicalText() {
        String base = "service: {name: a}\ninstrument: [{name: a, class: acme.A}]\n";
        String canonical = parse(base).canonical();
        assertEquals(canonical, parse("# a comment\n" + base).canonical(), "where things are written does not count");
        for (String changed : List.of(
                "service: {name: b}\ninstrument: [{name: a, class: acme.A}]\n",
                "service: {name: a}\ninstrument: [{name: a, class: acme.A, trace: true}]\n",
                base + "exclude: [{class: acme.B}]\n",
                base + "slos: [{name: s, selector: a, success: 99%}]\n",
                base + "exporters: {prometheus: {port: 1}}\n",
                base + "exporters: {otlp: {}}\n",
                base + "metrics: {buckets: [1]}\n",
                base + "metrics: {runtime: false}\n",
                base + "metrics: {max-series: 10}\n",
                base + "metrics: {window: 2m}\n",
                base + "tracing: {sampler: {ratio: 0.1}}\n",
                base + "instrumentations: {servlet: true}\n")) {
            assertNotEquals(canonical, parse(changed).canonical(), changed);
        }
    }
}
