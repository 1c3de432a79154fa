package dev.weft.agent.trace;

import dev.weft.agent.support.WeftLog;
import dev.weft.agent.metrics.MethodMetrics;
import dev.weft.agent.metrics.MetricSnapshot;
import dev.weft.agent.metrics.MetricSource;
import dev.weft.bootstrap.MethodProbe;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code http_server_request_duration_seconds{http_request_method, http_route, http_response_status_code}}.
 * Routes, methods and statuses are bounded by design; a cap on series guards against the rest.
 */
public final class HttpServerMetrics implements MetricSource {

    static final String NAME = "http_server_request_duration_seconds";
    static final int MAX_SERIES = 1000;
    private static final List<String> LABELS = List.of("http_request_method", "http_route", "http_response_status_code");

    private record Key(String method, String route, int status) {
    }

    private final List<Double> bucketsSeconds;
    private final long[] bucketsNanos;
    private final Map<Key, MethodProbe> series = new ConcurrentHashMap<>();

    public HttpServerMetrics(List<Double> bucketsSeconds) {
        this.bucketsSeconds = List.copyOf(bucketsSeconds);
        this.bucketsNanos = MethodMetrics.nanos(bucketsSeconds);
    }

    void record(String method, String route, int status, long nanos) {
        Key key = new Key(method, route, status);
        MethodProbe probe = series.get(key);
        if (probe == null) {
            if (series.size() >= MAX_SERIES) {
                WeftLog.warnOnce("http-series", NAME + " has " + MAX_SERIES + " series; further routes are counted "
                        + "under http_route=\"_OTHER\"");
                key = new Key(method, "_OTHER", status);
            }
            probe = series.computeIfAbsent(key, k -> new MethodProbe(bucketsNanos, 0));
        }
        probe.observe(nanos);
    }

    @Override
    public List<MetricSnapshot> collect() {
        List<Map.Entry<Key, MethodProbe>> entries = new ArrayList<>(series.entrySet());
        entries.sort(Comparator.comparing((Map.Entry<Key, MethodProbe> e) -> e.getKey().route())
                .thenComparing(e -> e.getKey().method()).thenComparingInt(e -> e.getKey().status()));
        List<MetricSnapshot.HistogramPoint> points = new ArrayList<>();
        for (Map.Entry<Key, MethodProbe> entry : entries) {
            Key key = entry.getKey();
            points.add(new MetricSnapshot.HistogramPoint(new MetricSnapshot.Labels(LABELS,
                    List.of(key.method(), key.route(), Integer.toString(key.status()))),
                    entry.getValue().bucketCounts(), entry.getValue().sumNanos() / 1e9));
        }
        return List.of(new MetricSnapshot.Histogram(NAME, "Duration of HTTP requests served.", "seconds",
                bucketsSeconds, points));
    }
}
