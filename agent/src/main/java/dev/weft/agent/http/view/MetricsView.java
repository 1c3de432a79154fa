package dev.weft.agent.http.view;

import dev.weft.agent.json.JsonWritable;
import dev.weft.agent.json.JsonWriter;
import dev.weft.agent.metrics.Distribution;
import dev.weft.agent.metrics.Durations;
import dev.weft.agent.metrics.MethodStats;
import dev.weft.agent.metrics.MethodWindows;
import dev.weft.agent.metrics.MetricSnapshot;
import dev.weft.agent.metrics.SloEvaluator;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * {@code GET /metrics/json}: the registry for people and scripts. Each selected method with its
 * counts and latency quantiles since start and over the window, the SLOs, then every metric family
 * as the Prometheus endpoint serves it (counters and gauges as values, histograms as cumulative
 * buckets). Times are in seconds; a figure without calls is {@code null}.
 */
public record MetricsView(String service, Duration window, List<MethodStats> methods, List<MetricSnapshot> families,
                          List<SloEvaluator.State> slos) implements JsonWritable {

    @Override
    public void writeTo(JsonWriter json) {
        json.beginObject()
                .name("service").value(service)
                .name("time").value(Instant.now().toString())
                .name("window").value(Durations.text(window))
                .name("methods").beginArray();
        for (MethodStats method : methods) {
            method(json, method);
        }
        json.endArray().name("slos");
        SlosView.writeArray(json, slos);
        json.name("metrics").beginArray();
        for (MetricSnapshot family : families) {
            family(json, family);
        }
        json.endArray().endObject();
    }

    private static void method(JsonWriter json, MethodStats method) {
        json.beginObject()
                .name("selector").value(method.selector())
                .name("class").value(method.className())
                .name("method").value(method.method())
                .name("metric").value(method.metric())
                .name("calls").value(method.calls())
                .name("errors").value(method.errors())
                .name("inflight").value(method.inflight());
        if (method.timed()) {
            latency(json.name("latency"), method.sinceStart());
        }
        MethodWindows.Window window = method.window();
        json.name("window").beginObject()
                .name("seconds").value(window.seconds())
                .name("calls").value(window.calls())
                .name("errors").value(window.errors())
                .name("callsPerSecond").value(window.rate())
                .name("errorRatio").value(window.errorRatio());
        if (method.timed()) {
            latency(json.name("latency"), window.durations());
        }
        json.endObject().endObject();
    }

    /** count, sum, mean, min, max and p50/p90/p95/p99/p999 in seconds. */
    private static void latency(JsonWriter json, Distribution durations) {
        json.beginObject()
                .name("count").value(durations.count())
                .name("sum").value(durations.sumNanos() / 1e9)
                .name("mean").value(durations.mean())
                .name("min").value(durations.min())
                .name("max").value(durations.max())
                .name("p50").value(durations.quantile(0.50))
                .name("p90").value(durations.quantile(0.90))
                .name("p95").value(durations.quantile(0.95))
                .name("p99").value(durations.quantile(0.99))
                .name("p999").value(durations.quantile(0.999))
                .endObject();
    }

    private static void family(JsonWriter json, MetricSnapshot family) {
        boolean counter = family instanceof MetricSnapshot.Counter;
        json.beginObject()
                .name("name").value(counter ? family.name() + "_total" : family.name())
                .name("type").value(counter ? "counter" : family instanceof MetricSnapshot.Gauge ? "gauge" : "histogram")
                .name("help").value(family.help())
                .name("points").beginArray();
        if (family instanceof MetricSnapshot.Counter values) {
            values.points().forEach(point -> point(json, point));
        } else if (family instanceof MetricSnapshot.Gauge values) {
            values.points().forEach(point -> point(json, point));
        } else if (family instanceof MetricSnapshot.Histogram histogram) {
            histogram.points().forEach(point -> histogramPoint(json, histogram.upperBounds(), point));
        }
        json.endArray().endObject();
    }

    private static void labels(JsonWriter json, MetricSnapshot.Labels labels) {
        json.name("labels").beginObject();
        for (int i = 0; i < labels.names().size(); i++) {
            json.name(labels.names().get(i)).value(labels.values().get(i));
        }
        json.endObject();
    }

    private static void point(JsonWriter json, MetricSnapshot.Point point) {
        json.beginObject();
        labels(json, point.labels());
        json.name("value").value(point.value()).endObject();
    }

    private static void histogramPoint(JsonWriter json, List<Double> bounds, MetricSnapshot.HistogramPoint point) {
        json.beginObject();
        labels(json, point.labels());
        json.name("count").value(point.count()).name("sum").value(point.sum()).name("buckets").beginArray();
        long cumulative = 0;
        long[] counts = point.bucketCounts();
        for (int i = 0; i < counts.length; i++) {
            cumulative += counts[i];
            json.beginObject()
                    .name("le").value(i < bounds.size() ? Double.toString(bounds.get(i)) : "+Inf")
                    .name("count").value(cumulative)
                    .endObject();
        }
        json.endArray().endObject();
    }
}
