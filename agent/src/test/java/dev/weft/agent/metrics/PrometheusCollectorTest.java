package dev.weft.agent.metrics;

import dev.weft.agent.config.ConfigLoader;
import dev.weft.agent.config.ConfigResult;
import dev.weft.agent.config.WeftConfig;
import dev.weft.bootstrap.MethodProbe;
import dev.weft.bootstrap.Probes;
import io.prometheus.client.Collector;
import io.prometheus.client.exporter.common.TextFormat;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PrometheusCollectorTest {

    private static final String LABELS = "selector=\"orders\",class=\"acme.Orders\",method=\"place\",";

    private WeftConfig config;
    private MethodMetrics methods;
    private MetricRegistry registry;

    @BeforeEach
    void setUp() {
        ConfigResult result = ConfigLoader.parse("""
                instrument:
                  - name: orders
                    class: acme.Orders
                    record: [timer, count, errors, inflight]
                  - name: idle
                    class: acme.Idle
                    record: [count]
                metrics:
                  buckets: [0.001, 0.01, 0.1]
                """, "weft.yaml", "svc");
        assertEquals(List.of(), result.problems());
        config = result.config();
        methods = new MethodMetrics(config.metrics().bucketsSeconds());
        registry = new MetricRegistry();
        registry.register(methods);
        registry.register(new AgentMetrics(config.instrument(), methods));
    }

    private final Map<String, List<MethodMetrics.WovenMethod>> wovenByClass = new HashMap<>();

    private MethodMetrics.Entry wovenProbe(int selector, String className, String method) {
        MethodMetrics.Entry entry = methods.probeFor(config.instrument().get(selector), className, method);
        weave(entry, method + "()");
        return entry;
    }

    /** Commits one more woven method to its class, as the weaver does once a class is transformed. */
    private void weave(MethodMetrics.Entry entry, String signature) {
        List<MethodMetrics.WovenMethod> woven = wovenByClass.computeIfAbsent(entry.className(), c -> new ArrayList<>());
        woven.add(new MethodMetrics.WovenMethod(entry, signature));
        methods.commit(getClass().getClassLoader(), entry.className(), woven);
    }

    private String scrape() throws IOException {
        StringWriter out = new StringWriter();
        TextFormat.write004(out, Collections.enumeration(new PrometheusCollector(registry).collect()));
        return out.toString();
    }

    private static List<String> linesStartingWith(String text, String prefix) {
        return Arrays.stream(text.split("\n")).filter(line -> line.startsWith(prefix)).toList();
    }

    @Test
    void histogramBucketsAreCumulativeWithCountAndSum() throws IOException {
        MethodMetrics.Entry entry = wovenProbe(0, "acme.Orders", "place");
        MethodProbe probe = Probes.get(entry.id());
        probe.observe(1_000_000);      // exactly 0.001 s: the first bucket, bounds are inclusive
        probe.observe(5_000_000);      // 0.005 s
        probe.observe(10_000_000);     // exactly 0.01 s
        probe.observe(2_000_000_000);  // 2 s: only +Inf

        String text = scrape();

        assertEquals(List.of(
                "weft_method_duration_seconds_bucket{" + LABELS + "le=\"0.001\",} 1.0",
                "weft_method_duration_seconds_bucket{" + LABELS + "le=\"0.01\",} 3.0",
                "weft_method_duration_seconds_bucket{" + LABELS + "le=\"0.1\",} 3.0",
                "weft_method_duration_seconds_bucket{" + LABELS + "le=\"+Inf\",} 4.0"),
                linesStartingWith(text, "weft_method_duration_seconds_bucket"));
        assertEquals(List.of("weft_method_duration_seconds_count{" + LABELS + "} 4.0"),
                linesStartingWith(text, "weft_method_duration_seconds_count"));
        assertEquals(List.of("weft_method_duration_seconds_sum{" + LABELS + "} 2.016"),
                linesStartingWith(text, "weft_method_duration_seconds_sum"));
        assertTrue(text.contains("# TYPE weft_method_duration_seconds histogram\n"), text);
    }

    @Test
    void callCountWithTimerIsTheHistogramCount() throws IOException {
        MethodMetrics.Entry entry = wovenProbe(0, "acme.Orders", "place");
        Probes.get(entry.id()).observe(1);
        Probes.get(entry.id()).observe(2);

        assertEquals(List.of("weft_method_calls_total{" + LABELS + "} 2.0"),
                linesStartingWith(scrape(), "weft_method_calls"));
    }

    @Test
    void untimedCallsAreCounted() throws IOException {
        MethodMetrics.Entry entry = wovenProbe(1, "acme.Idle", "poll");
        for (int i = 0; i < 3; i++) {
            Probes.exit(entry.id(), Probes.COUNT, Probes.enter(entry.id(), Probes.COUNT), null);
        }

        String text = scrape();

        assertEquals(List.of("weft_method_calls_total{selector=\"idle\",class=\"acme.Idle\",method=\"poll\",} 3.0"),
                linesStartingWith(text, "weft_method_calls"));
        assertTrue(linesStartingWith(text, "weft_method_duration_seconds_").isEmpty(),
                "no histogram without timer: " + text);
    }

    @Test
    void errorsAndInflight() throws IOException {
        MethodMetrics.Entry entry = wovenProbe(0, "acme.Orders", "place");
        int flags = Probes.ERRORS | Probes.INFLIGHT;
        Probes.exit(entry.id(), flags, Probes.enter(entry.id(), flags), new IllegalStateException());
        Probes.exit(entry.id(), flags, Probes.enter(entry.id(), flags), new IllegalStateException());
        Probes.enter(entry.id(), flags); // still running

        String text = scrape();

        assertEquals(List.of("weft_method_errors_total{" + LABELS + "exception=\"java.lang.IllegalStateException\",} 2.0"),
                linesStartingWith(text, "weft_method_errors"));
        assertEquals(List.of("weft_method_inflight{" + LABELS + "} 1.0"),
                linesStartingWith(text, "weft_method_inflight{"));
    }

    @Test
    void counterSamplesEndInTotal() throws IOException {
        MethodMetrics.Entry entry = wovenProbe(0, "acme.Orders", "place");
        Probes.exit(entry.id(), Probes.ERRORS, Probes.enter(entry.id(), Probes.ERRORS), new RuntimeException());

        List<String> counters = new ArrayList<>();
        for (Collector.MetricFamilySamples family : new PrometheusCollector(registry).collect()) {
            if (family.type == Collector.Type.COUNTER) {
                counters.add(family.name);
                assertFalse(family.samples.isEmpty(), family.name);
                for (Collector.MetricFamilySamples.Sample sample : family.samples) {
                    assertEquals(family.name + "_total", sample.name);
                }
            }
        }
        assertEquals(List.of("weft_method_calls", "weft_method_errors", "weft_weave_errors", "weft_config_reloads"),
                counters);

        String text = scrape();
        assertTrue(text.contains("# TYPE weft_method_errors_total counter\n"), text);
        assertEquals(List.of("weft_method_errors_total{" + LABELS + "exception=\"java.lang.RuntimeException\",} 1.0"),
                linesStartingWith(text, "weft_method_errors"));
        assertEquals(List.of("weft_weave_errors_total 0.0"), linesStartingWith(text, "weft_weave_errors"));
        assertEquals(List.of("weft_config_reloads_total{outcome=\"applied\",} 0.0",
                "weft_config_reloads_total{outcome=\"rejected\",} 0.0"), linesStartingWith(text, "weft_config_reloads"));
    }

    @Test
    void agentMetricsCountSelectorsAndWovenMethods() throws IOException {
        MethodMetrics.Entry place = wovenProbe(0, "acme.Orders", "place");
        weave(place, "place(int)"); // an overload of place
        wovenProbe(0, "acme.Orders", "cancel");

        String text = scrape();

        assertEquals(List.of("weft_selectors 2.0"), linesStartingWith(text, "weft_selectors "));
        assertEquals(List.of(
                "weft_woven_methods{selector=\"orders\",} 3.0",
                "weft_woven_methods{selector=\"idle\",} 0.0"), linesStartingWith(text, "weft_woven_methods{"));
    }

    @Test
    void probeNeverWovenIsNotExported() throws IOException {
        wovenProbe(0, "acme.Orders", "place");
        MethodMetrics.Entry unwoven = methods.probeFor(config.instrument().get(0), "acme.Orders", "cancel");
        Probes.get(unwoven.id()).observe(1_000);

        String text = scrape();

        assertFalse(text.contains("method=\"cancel\""), text);
        assertEquals(1, linesStartingWith(text, "weft_method_duration_seconds_count").size(), text);
    }

    @Test
    void wovenProbeIsExportedAtZeroBeforeAnyCall() throws IOException {
        wovenProbe(0, "acme.Orders", "place");

        String text = scrape();

        assertEquals(List.of("weft_method_duration_seconds_count{" + LABELS + "} 0.0"),
                linesStartingWith(text, "weft_method_duration_seconds_count"));
        assertEquals(List.of("weft_method_calls_total{" + LABELS + "} 0.0"),
                linesStartingWith(text, "weft_method_calls"));
        assertEquals(List.of(), linesStartingWith(text, "weft_method_errors_total"),
                "no exception class is known before the first throw");
    }
}
