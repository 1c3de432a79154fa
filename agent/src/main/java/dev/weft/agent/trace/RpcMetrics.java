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
 * The RPC duration histograms, by OpenTelemetry's RPC semantic conventions in Prometheus base
 * units: {@code rpc_server_call_duration_seconds} and {@code rpc_client_call_duration_seconds},
 * each by {@code rpc_system_name}, {@code rpc_method} and {@code rpc_response_status_code} (the
 * status's name). Recorded with tracing on or off, sampled or not. A server's methods are those it
 * registered and statuses are few; a client names its own methods, so past {@link #MAX_SERIES}
 * series a histogram counts further methods under {@code rpc_method="_OTHER"}.
 */
public final class RpcMetrics implements MetricSource {

    static final String SERVER = "rpc_server_call_duration_seconds";
    static final String CLIENT = "rpc_client_call_duration_seconds";
    static final int MAX_SERIES = 1000;
    static final String OTHER = "_OTHER";
    private static final List<String> LABELS = List.of("rpc_system_name", "rpc_method", "rpc_response_status_code");
    private static final int METHOD = 1;

    private final List<Double> bucketsSeconds;
    private final long[] bucketsNanos;
    private final Map<List<String>, MethodProbe> server = new ConcurrentHashMap<>();
    private final Map<List<String>, MethodProbe> client = new ConcurrentHashMap<>();

    public RpcMetrics(List<Double> bucketsSeconds) {
        this.bucketsSeconds = List.copyOf(bucketsSeconds);
        this.bucketsNanos = MethodMetrics.nanos(bucketsSeconds);
    }

    void server(String system, String method, int code, long nanos) {
        observe(SERVER, server, List.of(system, method, GrpcStatus.name(code)), nanos);
    }

    void client(String system, String method, int code, long nanos) {
        observe(CLIENT, client, List.of(system, method, GrpcStatus.name(code)), nanos);
    }

    private void observe(String name, Map<List<String>, MethodProbe> probes, List<String> values, long nanos) {
        MethodProbe probe = probes.get(values);
        if (probe == null) {
            List<String> key = values;
            if (probes.size() >= MAX_SERIES) {
                WeftLog.warnOnce("rpc-series:" + name, name + " has " + MAX_SERIES + " series; further ones are "
                        + "counted under rpc_method=\"" + OTHER + "\"");
                List<String> other = new ArrayList<>(values);
                other.set(METHOD, OTHER);
                key = List.copyOf(other);
            }
            probe = probes.computeIfAbsent(key, k -> new MethodProbe(bucketsNanos, 0));
        }
        probe.observe(nanos);
    }

    @Override
    public List<MetricSnapshot> collect() {
        List<MetricSnapshot> all = new ArrayList<>(2);
        collectInto(SERVER, "Duration of RPCs served, from the call's arrival to its close.", server, all);
        collectInto(CLIENT, "Duration of RPCs made, from the call's start to its close.", client, all);
        return all;
    }

    private void collectInto(String name, String help, Map<List<String>, MethodProbe> probes, List<MetricSnapshot> out) {
        if (probes.isEmpty()) {
            return;
        }
        List<Map.Entry<List<String>, MethodProbe>> entries = new ArrayList<>(probes.entrySet());
        entries.sort(Comparator.comparing(e -> String.join("\u0000", e.getKey())));
        List<MetricSnapshot.HistogramPoint> points = new ArrayList<>(entries.size());
        for (Map.Entry<List<String>, MethodProbe> entry : entries) {
            points.add(new MetricSnapshot.HistogramPoint(new MetricSnapshot.Labels(LABELS, entry.getKey()),
                    entry.getValue().bucketCounts(), entry.getValue().sumNanos() / 1e9));
        }
        out.add(new MetricSnapshot.Histogram(name, help, "seconds", bucketsSeconds, points));
    }
}
