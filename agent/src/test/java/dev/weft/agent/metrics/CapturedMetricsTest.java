package dev.weft.agent.metrics;

import dev.weft.agent.config.ConfigLoader;
import dev.weft.agent.config.ConfigResult;
import dev.weft.agent.config.Selector;
import dev.weft.bootstrap.Probes;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CapturedMetricsTest {

    private static Selector selector(String capture) {
        ConfigResult result = ConfigLoader.parse("""
                instrument:
                  - name: usage
                    class: acme.Usage
                    record: [timer, count, errors]
                """ + capture.indent(4) + """
                metrics:
                  max-series: 3
                """, "weft.yaml", "svc");
        assertEquals(List.of(), result.problems());
        return result.config().instrument().get(0);
    }

    private final Selector labeled = selector("metric: tokens\nlabels: {region: arg0}\nvalue: arg1");
    private final MethodMetrics methods = new MethodMetrics(List.of(0.001, 0.01), 3);
    private final MethodMetrics.Entry entry = methods.probeFor(labeled, "acme.Usage", "record");

    {
        methods.commit(getClass().getClassLoader(), "acme.Usage", List.of(new MethodMetrics.WovenMethod(entry, "record()")));
    }

    private void call(String region, Object tokens, Throwable thrown) {
        // what woven code does on exit
        Probes.exitCapturing(entry.id(), Probes.TIMER | Probes.COUNT | Probes.ERRORS, System.nanoTime() - 500_000,
                thrown, new Object[] {region, tokens}, null);
    }

    private MetricSnapshot family(String name) {
        List<MetricSnapshot> all = new java.util.ArrayList<>(methods.collect());
        all.addAll(methods.captured().collect());
        List<MetricSnapshot> named = all.stream().filter(f -> f.name().equals(name)).toList();
        assertEquals(1, named.size(), name + " in " + all.stream().map(MetricSnapshot::name).toList());
        return named.get(0);
    }

    private static double value(MetricSnapshot family, String label, String value) {
        List<MetricSnapshot.Point> points = family instanceof MetricSnapshot.Counter c ? c.points()
                : ((MetricSnapshot.Gauge) family).points();
        return points.stream().filter(p -> value.equals(p.labels().get(label))).mapToDouble(MetricSnapshot.Point::value)
                .sum();
    }

    @Test
    void seriesPerLabelSetWithTheValueSummed() {
        Probes.installCaptureHandler(methods.captured());
        call("eu", 40, null);
        call("eu", 2L, null);
        call("us", 7, null);
        call("us", 100, new IllegalStateException()); // a call that threw sums nothing
        assertEquals(42.0, value(family("tokens"), "region", "eu"));
        assertEquals(7.0, value(family("tokens"), "region", "us"));
        assertEquals(2.0, value(family("tokens_calls"), "region", "us"));
        MetricSnapshot.Counter errors = (MetricSnapshot.Counter) family("tokens_errors");
        assertEquals(List.of("selector", "class", "method", "region", "exception"), errors.points().get(0).labels().names());
        MetricSnapshot.Histogram durations = (MetricSnapshot.Histogram) family("tokens_duration_seconds");
        assertEquals(2, durations.points().size());
        assertTrue(methods.collect().stream().noneMatch(f -> f.name().equals("weft_method_calls")
                && !((MetricSnapshot.Counter) f).points().isEmpty()), "no unlabeled duplicate");
        assertEquals(4, methods.live().get(0).calls(), "the method's own probe counts every call, for /selectors and SLOs");
    }

    /** An application value whose text cannot be had, as with a half-built object or a lazy field. */
    private static final class Unprintable {
        @Override
        public String toString() {
            throw new IllegalStateException("not initialised");
        }
    }

    @Test
    void aLabelWhoseToStringThrowsReadsErrorAndTheCallIsCounted() {
        Probes.installCaptureHandler(methods.captured());
        for (int i = 0; i < 100; i++) {
            Object region = i % 2 == 0 ? new Unprintable() : "eu";
            Probes.exitCapturing(entry.id(), Probes.TIMER | Probes.COUNT | Probes.ERRORS, System.nanoTime() - 500_000,
                    null, new Object[] {region, 1}, null);
        }
        MetricSnapshot calls = family("tokens_calls");
        assertEquals(50.0, value(calls, "region", "error"), "the calls whose label could not be read");
        assertEquals(50.0, value(calls, "region", "eu"));
        assertEquals(50.0, value(family("tokens"), "region", "error"), "their value is still summed");
        MetricSnapshot.Histogram durations = (MetricSnapshot.Histogram) family("tokens_duration_seconds");
        assertEquals(100, durations.points().stream().mapToLong(MetricSnapshot.HistogramPoint::count).sum());
    }

    @Test
    void aReloadThatChangesRecordKeepsEachLabelSetsCallCount() {
        Probes.installCaptureHandler(methods.captured());
        call("eu", 1, null);
        call("eu", 1, null);
        ConfigResult counted = ConfigLoader.parse("""
                instrument:
                  - name: usage
                    class: acme.Usage
                    record: [count, errors]
                    metric: tokens
                    labels: {region: arg0}
                    value: arg1
                """, "weft.yaml", "svc");
        methods.probeFor(counted.config().instrument().get(0), "acme.Usage", "record"); // the re-weave of a reload
        int flags = Probes.COUNT | Probes.ERRORS;
        Probes.exitCapturing(entry.id(), flags, Probes.enter(entry.id(), flags), null, new Object[] {"eu", 1}, null);
        assertEquals(3.0, value(family("tokens_calls"), "region", "eu"), "timed calls and counted calls: one counter");
        assertEquals(3.0, value(family("tokens"), "region", "eu"));
    }

    @Test
    void pastTheCapCallsGoToOtherAndAreCounted() {
        Probes.installCaptureHandler(methods.captured());
        for (int i = 0; i < 10; i++) {
            call("r" + i, 1, null);
        }
        MetricSnapshot sums = family("tokens");
        assertEquals(7.0, value(sums, "region", "other"));
        assertEquals(10.0, ((MetricSnapshot.Counter) sums).points().stream().mapToDouble(MetricSnapshot.Point::value).sum());
        assertEquals(7.0, value(family("weft_series_dropped"), "metric", "tokens"));
    }

    @Test
    void reweavingWithTheSameCaptureKeepsTheSeriesAndAnotherStartsAfresh() {
        Probes.installCaptureHandler(methods.captured());
        call("eu", 5, null);
        methods.probeFor(selector("metric: tokens\nlabels: {region: arg0}\nvalue: arg1"), "acme.Usage", "record");
        assertEquals(5.0, value(family("tokens"), "region", "eu"));
        methods.probeFor(selector("metric: tokens\nlabels: {area: arg0}\nvalue: arg1"), "acme.Usage", "record");
        call("eu", 1, null);
        assertEquals(1.0, value(family("tokens"), "area", "eu"));
        assertEquals(0.0, value(family("tokens"), "region", "eu"));
    }
}
