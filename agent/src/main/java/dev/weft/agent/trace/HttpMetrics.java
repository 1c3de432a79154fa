package dev.weft.agent.trace;

import dev.weft.agent.metrics.MethodMetrics;
import dev.weft.agent.metrics.MetricSnapshot;
import dev.weft.agent.metrics.MetricSource;

import java.util.ArrayList;
import java.util.List;

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
    static final int MAX_SERIES = CappedHistogram.MAX_SERIES;
    static final String OTHER = CappedHistogram.OTHER;

    private final CappedHistogram server;
    private final CappedHistogram client;

    public HttpMetrics(List<Double> bucketsSeconds) {
        List<Double> seconds = List.copyOf(bucketsSeconds);
        long[] nanos = MethodMetrics.nanos(seconds);
        this.server = new CappedHistogram(SERVER, "Duration of HTTP requests served.",
                List.of("http_request_method", "http_route", "http_response_status_code"), 1, seconds, nanos);
        this.client = new CappedHistogram(CLIENT, "Duration of HTTP requests sent, from the call to the response.",
                List.of("http_request_method", "server_address", "server_port", "http_response_status_code",
                        "error_type"), 1, seconds, nanos);
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
}
