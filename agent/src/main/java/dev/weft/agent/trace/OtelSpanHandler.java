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
    private static final Started UNSAMPLED = (status, thrown) -> { };

    /** The span and the scope that made it current, ended and closed together. */
    private record Active(Span span, Scope scope, MdcBridge mdc) implements Started {
        @Override
        public void end(int status, Throwable thrown) {
            try {
                if (thrown != null) {
                    span.recordException(thrown);
                    span.setStatus(StatusCode.ERROR, thrown.getClass().getName());
                }
                span.end();
            } finally {
                scope.close();
                mdc.sync();
            }
        }
    }

    /** A context made current on another thread, and how to put back what was current there. */
    private record AttachedScope(Scope scope, MdcBridge mdc) implements Attached {
        @Override
        public void detach() {
            scope.close();
            mdc.sync();
        }
    }

    public OtelSpanHandler(Tracer tracer, MethodMetrics methods, MdcBridge mdc) {
        this.tracer = tracer;
        this.methods = methods;
        this.mdc = mdc;
    }

    @Override
    public Started start(int probeId) {
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
        Active active = new Active(span, parent.with(span).makeCurrent(), mdc);
        mdc.sync();
        return active;
    }

    @Override
    public Object capture() {
        Context current = Context.current();
        return Span.fromContext(current).getSpanContext().isValid() ? current : null;
    }

    @Override
    public Attached attach(Object context) {
        Scope scope = ((Context) context).makeCurrent();
        mdc.sync();
        return new AttachedScope(scope, mdc);
    }

    @Override
    public Attached attachNone() {
        if (Context.current() == Context.root()) {
            return null;
        }
        Scope scope = Context.root().makeCurrent();
        mdc.sync();
        return new AttachedScope(scope, mdc);
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
