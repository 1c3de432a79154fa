package dev.weft.agent.trace;

import dev.weft.agent.metrics.MethodMetrics;
import dev.weft.agent.metrics.MetricSnapshot;
import dev.weft.agent.metrics.MetricSource;
import dev.weft.agent.support.WeftLog;
import dev.weft.bootstrap.MethodProbe;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The HTTP duration histograms, by OpenTelemetry's semantic conventions in Prometheus base units:
 * {@code http_server_request_duration_seconds{http_request_method, http_route, http_response_status_code}}
 * and {@code http_client_request_duration_seconds{http_request_method, server_address, server_port,
 * http_response_status_code, error_type}}. They are recorded with tracing on or off, sampled or
 * not. Methods, routes and statuses are bounded by design; a cap on series guards against the rest
 * (a service calling thousands of hosts, a framework without route templates).
 */
public final class HttpMetrics implements MetricSource {

    static final String SERVER = "http_server_request_duration_seconds";
    static final String CLIENT = "http_client_request_duration_seconds";
    static final int MAX_SERIES = 1000;
    static final String OTHER = "_OTHER";

    private final List<Double> bucketsSeconds;
    private final long[] bucketsNanos;
    private final Series server = new Series(SERVER, "Duration of HTTP requests served.",
            List.of("http_request_method", "http_route", "http_response_status_code"), 1);
    private final Series client = new Series(CLIENT, "Duration of HTTP requests sent, from the call to the response.",
            List.of("http_request_method", "server_address", "server_port", "http_response_status_code", "error_type"), 1);

    public HttpMetrics(List<Double> bucketsSeconds) {
        this.bucketsSeconds = List.copyOf(bucketsSeconds);
        this.bucketsNanos = MethodMetrics.nanos(bucketsSeconds);
    }

    void server(String method, String route, int status, long nanos) {
        server.observe(List.of(method, route, Integer.toString(status)), nanos);
    }

    void client(String method, HttpTarget target, int status, Throwable thrown, long nanos) {
        client.observe(List.of(method, target.address(), target.port() > 0 ? Integer.toString(target.port()) : "",
                status > 0 ? Integer.toString(status) : "", errorType(status, thrown)), nanos);
    }

    /** The failure's class, else the status of an error response, else nothing: the conventions' {@code error.type}. */
    static String errorType(int status, Throwable thrown) {
        if (thrown != null) {
            return thrown.getClass().getName();
        }
        return status >= 400 ? Integer.toString(status) : "";
    }

    @Override
    public List<MetricSnapshot> collect() {
        List<MetricSnapshot> all = new ArrayList<>(2);
        server.collectInto(all);
        client.collectInto(all);
        return all;
    }

    /** One histogram's series, capped: past the cap, label {@code overflowLabel} reads {@code _OTHER}. */
    private final class Series {
        private final String name;
        private final String help;
        private final List<String> labels;
        private final int overflowLabel;
        private final Map<List<String>, MethodProbe> probes = new ConcurrentHashMap<>();

        Series(String name, String help, List<String> labels, int overflowLabel) {
            this.name = name;
            this.help = help;
            this.labels = labels;
            this.overflowLabel = overflowLabel;
        }

        void observe(List<String> values, long nanos) {
            MethodProbe probe = probes.get(values);
            if (probe == null) {
                List<String> key = values;
                if (probes.size() >= MAX_SERIES) {
                    WeftLog.warnOnce("http-series:" + name, name + " has " + MAX_SERIES + " series; further ones are "
                            + "counted under " + labels.get(overflowLabel) + "=\"" + OTHER + "\"");
                    List<String> other = new ArrayList<>(values);
                    other.set(overflowLabel, OTHER);
                    key = List.copyOf(other);
                }
                probe = probes.computeIfAbsent(key, k -> new MethodProbe(bucketsNanos, 0));
            }
            probe.observe(nanos);
        }

        void collectInto(List<MetricSnapshot> out) {
            if (probes.isEmpty()) {
                return;
            }
            List<Map.Entry<List<String>, MethodProbe>> entries = new ArrayList<>(probes.entrySet());
            entries.sort(Comparator.comparing(e -> String.join("\u0000", e.getKey())));
            List<MetricSnapshot.HistogramPoint> points = new ArrayList<>(entries.size());
            for (Map.Entry<List<String>, MethodProbe> entry : entries) {
                points.add(new MetricSnapshot.HistogramPoint(new MetricSnapshot.Labels(labels, entry.getKey()),
                        entry.getValue().bucketCounts(), entry.getValue().sumNanos() / 1e9));
            }
            out.add(new MetricSnapshot.Histogram(name, help, "seconds", bucketsSeconds, points));
        }
    }
}
