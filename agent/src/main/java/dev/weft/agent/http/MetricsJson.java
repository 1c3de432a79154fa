package dev.weft.agent.http;

import dev.weft.agent.metrics.Distribution;
import dev.weft.agent.metrics.Durations;
import dev.weft.agent.metrics.MethodStats;
import dev.weft.agent.metrics.MethodWindows;
import dev.weft.agent.metrics.MetricSnapshot;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /metrics/json}: the registry for people and scripts. Each selected method with its
 * counts and latency quantiles since start and over the window, then every metric family as the
 * Prometheus endpoint serves it (counters and gauges as values, histograms as cumulative buckets).
 * Times are in seconds; a figure without calls is {@code null}.
 */
public final class MetricsJson {

    private MetricsJson() {
    }

    public static String render(String service, Duration window, List<MethodStats> methods,
                                List<MetricSnapshot> families, String slosJson) {
        Map<String, String> root = new LinkedHashMap<>();
        root.put("service", Json.quote(service));
        root.put("time", Json.quote(java.time.Instant.now().toString()));
        root.put("window", Json.quote(Durations.text(window)));
        List<String> methodJson = new ArrayList<>();
        for (MethodStats method : methods) {
            methodJson.add(method(method));
        }
        root.put("methods", Json.array(methodJson));
        root.put("slos", slosJson);
        List<String> familyJson = new ArrayList<>();
        for (MetricSnapshot family : families) {
            familyJson.add(family(family));
        }
        root.put("metrics", Json.array(familyJson));
        return Json.object(root);
    }

    private static String method(MethodStats method) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("selector", Json.quote(method.selector()));
        fields.put("class", Json.quote(method.className()));
        fields.put("method", Json.quote(method.method()));
        fields.put("metric", Json.quote(method.metric()));
        fields.put("calls", Long.toString(method.calls()));
        fields.put("errors", Long.toString(method.errors()));
        fields.put("inflight", Long.toString(method.inflight()));
        if (method.timed()) {
            fields.put("latency", latency(method.sinceStart()));
        }
        MethodWindows.Window window = method.window();
        Map<String, String> recent = new LinkedHashMap<>();
        recent.put("seconds", Json.number(window.seconds()));
        recent.put("calls", Long.toString(window.calls()));
        recent.put("errors", Long.toString(window.errors()));
        recent.put("callsPerSecond", Json.number(window.rate()));
        recent.put("errorRatio", Json.number(window.errorRatio()));
        if (method.timed()) {
            recent.put("latency", latency(window.durations()));
        }
        fields.put("window", Json.object(recent));
        return Json.object(fields);
    }

    /** count, sum, mean, min, max and p50/p90/p95/p99/p999 in seconds. */
    static String latency(Distribution durations) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("count", Long.toString(durations.count()));
        fields.put("sum", Json.number(durations.sumNanos() / 1e9));
        fields.put("mean", Json.number(durations.mean()));
        fields.put("min", Json.number(durations.min()));
        fields.put("max", Json.number(durations.max()));
        fields.put("p50", Json.number(durations.quantile(0.50)));
        fields.put("p90", Json.number(durations.quantile(0.90)));
        fields.put("p95", Json.number(durations.quantile(0.95)));
        fields.put("p99", Json.number(durations.quantile(0.99)));
        fields.put("p999", Json.number(durations.quantile(0.999)));
        return Json.object(fields);
    }

    private static String family(MetricSnapshot family) {
        Map<String, String> fields = new LinkedHashMap<>();
        List<String> points = new ArrayList<>();
        if (family instanceof MetricSnapshot.Counter counter) {
            fields.put("name", Json.quote(counter.name() + "_total"));
            fields.put("type", Json.quote("counter"));
            counter.points().forEach(p -> points.add(point(p)));
        } else if (family instanceof MetricSnapshot.Gauge gauge) {
            fields.put("name", Json.quote(gauge.name()));
            fields.put("type", Json.quote("gauge"));
            gauge.points().forEach(p -> points.add(point(p)));
        } else if (family instanceof MetricSnapshot.Histogram histogram) {
            fields.put("name", Json.quote(histogram.name()));
            fields.put("type", Json.quote("histogram"));
            histogram.points().forEach(p -> points.add(histogramPoint(histogram.upperBounds(), p)));
        }
        fields.put("help", Json.quote(family.help()));
        fields.put("points", Json.array(points));
        return Json.object(fields);
    }

    private static String labels(MetricSnapshot.Labels labels) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (int i = 0; i < labels.names().size(); i++) {
            fields.put(labels.names().get(i), Json.quote(labels.values().get(i)));
        }
        return Json.object(fields);
    }

    private static String point(MetricSnapshot.Point point) {
        return "{\"labels\":" + labels(point.labels()) + ",\"value\":" + Json.number(point.value()) + "}";
    }

    private static String histogramPoint(List<Double> bounds, MetricSnapshot.HistogramPoint point) {
        List<String> buckets = new ArrayList<>();
        long cumulative = 0;
        long[] counts = point.bucketCounts();
        for (int i = 0; i < counts.length; i++) {
            cumulative += counts[i];
            String le = i < bounds.size() ? Json.quote(Double.toString(bounds.get(i))) : "\"+Inf\"";
            buckets.add("{\"le\":" + le + ",\"count\":" + cumulative + "}");
        }
        return "{\"labels\":" + labels(point.labels()) + ",\"count\":" + point.count() + ",\"sum\":"
                + Json.number(point.sum()) + ",\"buckets\":" + Json.array(buckets) + "}";
    }
}
