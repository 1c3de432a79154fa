package dev.weft.agent.trace;

import dev.weft.agent.config.TracingConfig;
import dev.weft.agent.metrics.MetricSnapshot;
import dev.weft.bootstrap.RpcSpans;
import io.opentelemetry.api.trace.Tracer;

import java.util.List;

/** What the RPC instrumentations (gRPC) record into: the RPC metrics and the handler behind {@link RpcSpans}. */
public final class RpcRecording implements SpanRecording {

    private final RpcMetrics metrics;
    private final MeteredRpcHandler untraced;

    public RpcRecording(List<Double> bucketsSeconds) {
        this.metrics = new RpcMetrics(bucketsSeconds);
        this.untraced = new MeteredRpcHandler(metrics);
    }

    @Override
    public String tracerName() {
        return "dev.weft.rpc";
    }

    @Override
    public void start() {
        RpcSpans.install(untraced);
    }

    @Override
    public Runnable trace(Tracer tracer, MdcBridge mdc, TracingConfig tracing, TraceContinuity continuity) {
        OtelRpcHandler traced = new OtelRpcHandler(tracer, metrics, mdc, continuity);
        RpcSpans.install(traced);
        return () -> RpcSpans.replace(traced, untraced);
    }

    @Override
    public List<MetricSnapshot> collect() {
        return metrics.collect();
    }
}
