package dev.weft.agent.trace;

import dev.weft.agent.config.TracingConfig;
import dev.weft.agent.metrics.MetricSnapshot;
import dev.weft.agent.metrics.MetricSource;
import dev.weft.bootstrap.HttpSpans;
import io.opentelemetry.api.trace.Tracer;

import java.util.List;

/**
 * What the HTTP instrumentations record into, for the life of the process: the HTTP metrics, and
 * the handler behind {@link HttpSpans}, which is the metrics-only one while nothing is traced and a
 * tracing one while an export runs. So a reload that turns tracing on or off keeps the histograms.
 */
public final class HttpRecording implements MetricSource {

    private final HttpMetrics metrics;
    private final MeteredHttpHandler untraced;

    public HttpRecording(List<Double> bucketsSeconds) {
        this.metrics = new HttpMetrics(bucketsSeconds);
        this.untraced = new MeteredHttpHandler(metrics);
    }

    /** Installs the metrics-only handler: at start, before anything may be traced. */
    public void start() {
        HttpSpans.install(untraced);
    }

    /** A tracing handler, installed in place of whatever was. */
    public OtelHttpHandler trace(Tracer tracer, MdcBridge mdc, TracingConfig tracing) {
        OtelHttpHandler traced = new OtelHttpHandler(tracer, metrics, mdc, tracing);
        HttpSpans.install(traced);
        return traced;
    }

    /** Puts the metrics-only handler back in place of {@code traced}, unless another has replaced it since. */
    public void untrace(OtelHttpHandler traced) {
        HttpSpans.replace(traced, untraced);
    }

    @Override
    public List<MetricSnapshot> collect() {
        return metrics.collect();
    }
}
