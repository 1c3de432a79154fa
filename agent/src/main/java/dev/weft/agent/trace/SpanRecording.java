package dev.weft.agent.trace;

import dev.weft.agent.config.TracingConfig;
import dev.weft.agent.metrics.MetricSource;
import io.opentelemetry.api.trace.Tracer;

/**
 * One family of built-in spans (HTTP, JDBC, messaging, RPC): its metrics live for the process, and
 * the handler behind its bootstrap entry point is a metrics-only one while nothing is traced and a
 * tracing one while an export runs. So a reload that turns tracing on or off keeps the histograms.
 */
public interface SpanRecording extends MetricSource {

    /** The name of the tracer its spans come from, e.g. {@code dev.weft.http}. */
    String tracerName();

    /** Installs the metrics-only handler: at start, before anything may be traced. */
    void start();

    /**
     * Installs a tracing handler in place of whatever was.
     *
     * @return what puts the metrics-only handler back, unless another has replaced this one since
     */
    Runnable trace(Tracer tracer, MdcBridge mdc, TracingConfig tracing, TraceContinuity continuity);
}
