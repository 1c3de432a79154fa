package dev.weft.agent.trace;

import dev.weft.agent.metrics.MethodMetrics;
import dev.weft.agent.metrics.MetricSnapshot;
import dev.weft.agent.metrics.MetricSource;

import java.util.ArrayList;
import java.util.List;

/**
 * The RPC duration histograms, by OpenTelemetry's RPC semantic conventions in Prometheus base
 * units: {@code rpc_server_call_duration_seconds} and {@code rpc_client_call_duration_seconds},
 * each by {@code rpc_system_name}, {@code rpc_method} and {@code rpc_response_status_code} (the
 * status's name). Recorded with tracing on or off, sampled or not. A server's methods are those it
 * registered and statuses are few; a client names its own methods, so past {@link CappedHistogram#MAX_SERIES}
 * series a histogram counts further methods under {@code rpc_method="_OTHER"}.
 */
public final class RpcMetrics implements MetricSource {

    static final String SERVER = "rpc_server_call_duration_seconds";
    static final String CLIENT = "rpc_client_call_duration_seconds";
    private static final List<String> LABELS = List.of("rpc_system_name", "rpc_method", "rpc_response_status_code");
    /** The label that reads {@code _OTHER} past the cap: a client names its own methods. */
    private static final int METHOD = 1;

    private final CappedHistogram server;
    private final CappedHistogram client;

    public RpcMetrics(List<Double> bucketsSeconds) {
        List<Double> seconds = List.copyOf(bucketsSeconds);
        long[] nanos = MethodMetrics.nanos(seconds);
        this.server = new CappedHistogram(SERVER, "Duration of RPCs served, from the call's arrival to its close.",
                LABELS, METHOD, seconds, nanos);
        this.client = new CappedHistogram(CLIENT, "Duration of RPCs made, from the call's start to its close.",
                LABELS, METHOD, seconds, nanos);
    }

    void server(String system, String method, int code, long nanos) {
        server.observe(List.of(system, method, GrpcStatus.name(code)), nanos);
    }

    void client(String system, String method, int code, long nanos) {
        client.observe(List.of(system, method, GrpcStatus.name(code)), nanos);
    }

    @Override
    public List<MetricSnapshot> collect() {
        List<MetricSnapshot> all = new ArrayList<>(2);
        server.collectInto(all);
        client.collectInto(all);
        return all;
    }
}
