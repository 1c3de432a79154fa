package dev.weft.agent.trace;

import dev.weft.agent.metrics.MethodMetrics;
import dev.weft.bootstrap.SpanHandler;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;

/**
 * Spans for traced selectors, through the OpenTelemetry SDK. Each call's span becomes current on
 * its thread, so traced methods called inside it become its children.
 */
public final class OtelSpanHandler implements SpanHandler {

    static final AttributeKey<String> CODE_NAMESPACE = AttributeKey.stringKey("code.namespace");
    static final AttributeKey<String> CODE_FUNCTION_NAME = AttributeKey.stringKey("code.function.name");

    private final Tracer tracer;
    private final MethodMetrics methods;
    private final MdcBridge mdc;
    /** Per probe id: name and attributes, built on the first call rather than on every one. */
    private volatile SpanTemplate[] templates = new SpanTemplate[256];

    private record SpanTemplate(String name, Attributes attributes) {
    }

    /**
     * Returned for a call inside a trace that is not sampled: nothing would be recorded, so no span
     * is made; the unsampled parent stays current and its trace id keeps going downstream.
     */
    private static final Object UNSAMPLED = new Object();

    /** The span and the scope that made it current, closed together. */
    private record Active(Span span, Scope scope) {
    }

    public OtelSpanHandler(Tracer tracer, MethodMetrics methods, MdcBridge mdc) {
        this.tracer = tracer;
        this.methods = methods;
        this.mdc = mdc;
    }

    @Override
    public Object start(int probeId) {
        SpanTemplate template = template(probeId);
        if (template == null) {
            return null;
        }
        Context parent = Context.current();
        SpanContext parentSpan = Span.fromContext(parent).getSpanContext();
        if (parentSpan.isValid() && !parentSpan.isSampled()) {
            return UNSAMPLED;
        }
        Span span = tracer.spanBuilder(template.name())
                .setParent(parent)
                .setSpanKind(SpanKind.INTERNAL)
                .setAllAttributes(template.attributes())
                .startSpan();
        Active active = new Active(span, parent.with(span).makeCurrent());
        mdc.sync();
        return active;
    }

    @Override
    public void end(Object started, Throwable thrown) {
        if (started == UNSAMPLED) {
            return;
        }
        Active active = (Active) started;
        try {
            if (thrown != null) {
                active.span().recordException(thrown);
                active.span().setStatus(StatusCode.ERROR, thrown.getClass().getName());
            }
            active.span().end();
        } finally {
            active.scope().close();
            mdc.sync();
        }
    }

    @Override
    public Object capture() {
        Context current = Context.current();
        return Span.fromContext(current).getSpanContext().isValid() ? current : null;
    }

    @Override
    public Object attach(Object context) {
        Scope scope = ((Context) context).makeCurrent();
        mdc.sync();
        return scope;
    }

    @Override
    public Object attachNone() {
        if (Context.current() == Context.root()) {
            return null;
        }
        Scope scope = Context.root().makeCurrent();
        mdc.sync();
        return scope;
    }

    @Override
    public void detach(Object attached) {
        ((Scope) attached).close();
        mdc.sync();
    }

    private SpanTemplate template(int probeId) {
        SpanTemplate[] current = templates;
        if (probeId < current.length && current[probeId] != null) {
            return current[probeId];
        }
        MethodMetrics.Entry entry = methods.entry(probeId);
        if (entry == null || entry.spanName() == null) {
            return null;
        }
        SpanTemplate template = new SpanTemplate(entry.spanName(), Attributes.of(
                CODE_NAMESPACE, entry.className(),
                CODE_FUNCTION_NAME, entry.className() + "." + entry.method()));
        synchronized (this) {
            current = templates;
            if (probeId >= current.length) {
                current = java.util.Arrays.copyOf(current, Math.max(current.length * 2, probeId + 1));
            }
            current[probeId] = template;
            templates = current;
        }
        return template;
    }
}
