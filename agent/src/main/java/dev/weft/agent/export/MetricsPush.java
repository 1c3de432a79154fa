package dev.weft.agent.export;

import dev.weft.agent.support.DaemonThreads;
import dev.weft.agent.support.WeftLog;
import dev.weft.agent.metrics.MetricRegistry;
import dev.weft.agent.metrics.MetricSnapshot;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.sdk.metrics.data.AggregationTemporality;
import io.opentelemetry.sdk.metrics.data.DoublePointData;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.export.MetricExporter;
import io.opentelemetry.sdk.metrics.internal.data.ImmutableDoublePointData;
import io.opentelemetry.sdk.metrics.internal.data.ImmutableGaugeData;
import io.opentelemetry.sdk.metrics.internal.data.ImmutableHistogramData;
import io.opentelemetry.sdk.metrics.internal.data.ImmutableHistogramPointData;
import io.opentelemetry.sdk.metrics.internal.data.ImmutableMetricData;
import io.opentelemetry.sdk.metrics.internal.data.ImmutableSumData;
import io.opentelemetry.sdk.resources.Resource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * Pushes the registry, the same numbers {@code /metrics} serves, as OTLP metrics every interval:
 * counters as monotonic cumulative sums, gauges as gauges, histograms as explicit-bucket histograms.
 */
final class MetricsPush {

    private static final InstrumentationScopeInfo SCOPE = InstrumentationScopeInfo.create("dev.weft");

    private final MetricRegistry registry;
    private final MetricExporter exporter;
    private final Resource resource;
    private final String destination;
    private final long timeoutMillis;
    private final long startEpochNanos = epochNanos();
    private final LongAdder failures = new LongAdder();
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(
            DaemonThreads.factory("weft-metrics-export"));

    MetricsPush(MetricRegistry registry, MetricExporter exporter, Resource resource, String destination,
                Duration interval, Duration timeout) {
        this.registry = registry;
        this.exporter = exporter;
        this.resource = resource;
        this.destination = destination;
        this.timeoutMillis = timeout.toMillis();
        thread.scheduleWithFixedDelay(this::push, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    final ExportStatus status = new ExportStatus();

    long failures() {
        return failures.sum();
    }

    void stop() {
        thread.shutdownNow();
        push();
        exporter.shutdown().join(timeoutMillis, TimeUnit.MILLISECONDS);
    }

    private void push() {
        try {
            CompletableResultCode result = exporter.export(toOtlp(registry.snapshot()));
            result.join(timeoutMillis + 1000, TimeUnit.MILLISECONDS);
            if (result.isSuccess()) {
                status.succeeded();
            } else {
                fail(result.getFailureThrowable() == null ? "no answer" : result.getFailureThrowable().toString());
            }
        } catch (RuntimeException | LinkageError e) {
            fail(e.toString());
        }
    }

    private void fail(String why) {
        failures.increment();
        status.failed(why);
        WeftLog.warnOnce("metrics-export", "pushing metrics to " + destination + " failed (" + why
                + "); Weft keeps trying every interval, /metrics is unaffected. Said once.");
    }

    List<MetricData> toOtlp(List<MetricSnapshot> snapshots) {
        long now = epochNanos();
        List<MetricData> data = new ArrayList<>();
        for (MetricSnapshot snapshot : snapshots) {
            if (snapshot instanceof MetricSnapshot.Counter counter) {
                data.add(ImmutableMetricData.createDoubleSum(resource, SCOPE, counter.name(), counter.help(), "",
                        ImmutableSumData.create(true, AggregationTemporality.CUMULATIVE, points(counter.points(), now))));
            } else if (snapshot instanceof MetricSnapshot.Gauge gauge) {
                data.add(ImmutableMetricData.createDoubleGauge(resource, SCOPE, gauge.name(), gauge.help(), "",
                        ImmutableGaugeData.create(points(gauge.points(), now))));
            } else if (snapshot instanceof MetricSnapshot.Histogram histogram) {
                List<HistogramPointData> points = new ArrayList<>();
                for (MetricSnapshot.HistogramPoint point : histogram.points()) {
                    List<Long> counts = new ArrayList<>(point.bucketCounts().length);
                    for (long count : point.bucketCounts()) {
                        counts.add(count);
                    }
                    points.add(ImmutableHistogramPointData.create(startEpochNanos, now, attributes(point.labels()),
                            point.sum(), false, 0, false, 0, histogram.upperBounds(), counts));
                }
                data.add(ImmutableMetricData.createDoubleHistogram(resource, SCOPE, histogram.name(), histogram.help(),
                        "seconds".equals(histogram.unit()) ? "s" : histogram.unit(),
                        ImmutableHistogramData.create(AggregationTemporality.CUMULATIVE, points)));
            }
        }
        return data;
    }

    private List<DoublePointData> points(List<MetricSnapshot.Point> points, long now) {
        List<DoublePointData> converted = new ArrayList<>(points.size());
        for (MetricSnapshot.Point point : points) {
            converted.add(ImmutableDoublePointData.create(startEpochNanos, now, attributes(point.labels()), point.value()));
        }
        return converted;
    }

    private static Attributes attributes(MetricSnapshot.Labels labels) {
        AttributesBuilder attributes = Attributes.builder();
        for (int i = 0; i < labels.names().size(); i++) {
            attributes.put(labels.names().get(i), labels.values().get(i));
        }
        return attributes.build();
    }

    private static long epochNanos() {
        java.time.Instant now = java.time.Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }
}
