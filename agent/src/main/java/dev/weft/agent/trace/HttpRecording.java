package dev.weft.agent.trace;

import dev.weft.agent.config.TracingConfig;
import dev.weft.agent.metrics.MetricSnapshot;
import dev.weft.bootstrap.HttpSpans;
import io.opentelemetry.api.trace.Tracer;

import java.util.List;

/** What the HTTP instrumentations record into: the HTTP metrics and the handler behind {@link HttpSpans}. */
public final class HttpRecording implements SpanRecording {

    private final HttpMetrics metrics;
    private final MeteredHttpHandler untraced;

    public HttpRecording(List<Double> bucketsSeconds) {
        this.metrics = new HttpMetrics(bucketsSeconds);
        this.untraced = new MeteredHttpHandler(metrics);
    }

    @Override
    public String tracerName() {
        return "dev.weft.http";
    }

    @Override
    public void start() {
        HttpSpans.install(untraced);
    }

    @Override
    public Runnable trace(Tracer tracer, MdcBridge mdc, TracingConfig tracing, TraceContinuity continuity) {
        OtelHttpHandler traced = new OtelHttpHandler(tracer, metrics, mdc, tracing, continuity);
        HttpSpans.install(traced);
        return () -> HttpSpans.replace(traced, untraced);
    }

    @Override
    public List<MetricSnapshot> collect() {
        return metrics.collect();
    }
}
