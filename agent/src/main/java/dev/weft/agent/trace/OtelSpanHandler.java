package dev.weft.agent.trace;

import dev.weft.agent.metrics.MethodMetrics;
import dev.weft.bootstrap.SpanHandler;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.trace.SdkTracerProvider;

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

    /**
     * The span, the scope that made it current and the context it found there. Ending gives the
     * thread its context back first: on an exhausted stack what comes after may fail, and a thread
     * left inside a finished span would put every later span in the wrong trace.
     */
    private record Active(Span span, Scope scope, Context before, MdcBridge mdc) implements Started {
        @Override
        public void end(int status, Throwable thrown) {
            try {
                Scopes.closeAndRestore(scope, before);
                mdc.sync();
            } finally {
                try {
                    if (thrown != null) {
                        SpanExceptions.record(span, thrown);
                    }
                } finally {
                    span.end();
                }
            }
        }

        @Override
        public Started leaveThread() {
            Scopes.closeAndRestore(scope, before);
            mdc.sync();
            return new Open(span);
        }
    }

    /** A span whose call returned while its work goes on: ending it touches no thread's context. */
    private record Open(Span span) implements Started {
        @Override
        public void end(int status, Throwable thrown) {
            try {
                if (thrown != null) {
                    SpanExceptions.record(span, thrown);
                }
            } finally {
                span.end();
            }
        }
    }

    /** A context made current on another thread, and how to put back what was current there. */
    private record AttachedScope(Scope scope, Context before, MdcBridge mdc) implements Attached {
        @Override
        public void detach() {
            Scopes.closeAndRestore(scope, before);
            mdc.sync();
        }
    }

    public OtelSpanHandler(Tracer tracer, MethodMetrics methods, MdcBridge mdc) {
        this.tracer = tracer;
        this.methods = methods;
        this.mdc = mdc;
        loadEndPath();
    }

    /**
     * Loads what ending a failed span needs before any span starts. A class first needed there
     * could otherwise be loaded on an exhausted stack (an overflow unwinding through traced
     * frames), where loading fails, again at each frame, and the JVM prints an error each time.
     */
    static void loadEndPath() {
        SdkTracerProvider provider = SdkTracerProvider.builder().build();
        Span span = provider.get("weft-warm-up").spanBuilder("warm-up").startSpan();
        Context before = Context.current();
        Scopes.closeAndRestore(before.with(span).makeCurrent(), before);
        SpanExceptions.record(span, new IllegalStateException("warm-up"));
        span.end();
        provider.close();
    }

    @Override
    public Started start(int probeId) {
        SpanTemplate template = template(probeId);
        if (template == null) {
            return null;
        }
        Context parent = Context.current();
        SpanContext startedIn = StartedThreads.outgrown(parent);
        if (startedIn != null) {
            parent = StartedThreads.leave(mdc);
        }
        SpanContext parentSpan = Span.fromContext(parent).getSpanContext();
        if (parentSpan.isValid() && !parentSpan.isSampled()) {
            return UNSAMPLED;
        }
        SpanBuilder builder = tracer.spanBuilder(template.name())
                .setParent(parent)
                .setSpanKind(SpanKind.INTERNAL)
                .setAllAttributes(template.attributes());
        if (startedIn != null) {
            builder.addLink(startedIn);
        }
        Span span = builder.startSpan();
        Scope scope = parent.with(span).makeCurrent();
        try {
            mdc.sync();
            return new Active(span, scope, parent, mdc);
        } catch (Throwable t) {
            // Nothing will end a span that is not returned: leave no context of it behind.
            Scopes.closeAndRestore(scope, parent);
            throw t;
        }
    }

    @Override
    public Object capture() {
        Context current = Context.current();
        return Span.fromContext(current).getSpanContext().isValid() ? current : null;
    }

    @Override
    public Object captureForThread() {
        Context current = Context.current();
        return Span.fromContext(current).getSpanContext().isValid() ? StartedThreads.mark(current) : null;
    }

    @Override
    public Attached attach(Object context) {
        return attachAndSync((Context) context);
    }

    @Override
    public Attached attachNone() {
        if (Context.current() == Context.root()) {
            return null;
        }
        return attachAndSync(Context.root());
    }

    private Attached attachAndSync(Context context) {
        Context before = Context.current();
        Scope scope = context.makeCurrent();
        try {
            mdc.sync();
            return new AttachedScope(scope, before, mdc);
        } catch (Throwable t) {
            Scopes.closeAndRestore(scope, before);
            throw t;
        }
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
