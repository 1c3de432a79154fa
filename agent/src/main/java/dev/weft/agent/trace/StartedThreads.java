package dev.weft.agent.trace;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;
import io.opentelemetry.sdk.trace.ReadableSpan;

/**
 * The trace a thread was started in, for as long as the thread is about that work. A thread
 * started inside a span runs in its trace; once that span has ended, the thread has outlived the
 * work it was started for (a worker started lazily by the first request, a poller), and the next
 * span it starts leaves that trace for good: it begins a trace of its own, linked to the one the
 * thread was started in. Without that, every span of such a thread would join one request's trace
 * for the life of the process.
 */
final class StartedThreads {

    private static final ContextKey<Boolean> STARTED_IN = ContextKey.named("weft-thread-started-in");

    private StartedThreads() {
    }

    /** The context to carry into a new thread: the current one, marked. */
    static Context mark(Context context) {
        return context.with(STARTED_IN, Boolean.TRUE);
    }

    /**
     * The span context the thread was started in, when {@code current} is that context and its span
     * has ended since; else {@code null} (the common case: one lookup, no lock).
     */
    static SpanContext outgrown(Context current) {
        if (current.get(STARTED_IN) == null) {
            return null;
        }
        Span span = Span.fromContext(current);
        return span instanceof ReadableSpan readable && readable.hasEnded() ? span.getSpanContext() : null;
    }

    /** This thread leaves the trace it was started in: no context is current from now on. */
    static Context leave(MdcBridge mdc) {
        Context.root().makeCurrent(); // never closed: the thread's run ends by putting back what was there before
        mdc.sync();
        return Context.root();
    }
}
