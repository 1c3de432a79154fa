package dev.weft.instrumentation.testing;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;

/**
 * Stands in for the agent's tracing: installed as the handler behind {@code Spans} and
 * {@code HttpSpans}, it keeps a trace context per thread and records every HTTP span the woven
 * code opens. A context is a trace id; a span's context is current on its thread until it ends,
 * and outgoing requests get the {@code traceparent} of their client span.
 */
public final class Recorder implements AutoCloseable {

    private final ThreadLocal<RecordedSpan.Context> current = new ThreadLocal<>();
    private final List<RecordedSpan> spans = new CopyOnWriteArrayList<>();

    private Recorder() {
    }

    /** Puts a new recorder behind the bootstrap classes (attaching the test agent first if need be). */
    public static Recorder install() {
        TestAgent.instrumentation();
        Recorder recorder = new Recorder();
        RecordingHandlers.install(recorder);
        return recorder;
    }

    /** Takes the recorder away: the bootstrap classes do nothing again. */
    @Override
    public void close() {
        RecordingHandlers.uninstall();
    }

    /** The trace id current on this thread, or {@code null}. */
    public String currentTrace() {
        RecordedSpan.Context context = current.get();
        return context == null ? null : context.traceId();
    }

    /** Runs {@code work} with a trace of that id current on this thread. */
    public <T> T inTrace(String traceId, Callable<T> work) throws Exception {
        RecordedSpan.Context previous = current.get();
        current.set(new RecordedSpan.Context(traceId, newSpanId()));
        try {
            return work.call();
        } finally {
            current.set(previous);
        }
    }

    public List<RecordedSpan> spans() {
        return List.copyOf(spans);
    }

    public List<RecordedSpan> serverSpans() {
        return spans.stream().filter(s -> s.kind() == RecordedSpan.Kind.SERVER).collect(Collectors.toList());
    }

    public List<RecordedSpan> clientSpans() {
        return spans.stream().filter(s -> s.kind() == RecordedSpan.Kind.CLIENT).collect(Collectors.toList());
    }

    // ---- called by the handlers ----

    RecordedSpan.Context context() {
        return current.get();
    }

    /** Makes {@code context} current; returns what {@link #restore} needs (never {@code null}). */
    Object swap(RecordedSpan.Context context) {
        Object[] previous = {current.get()};
        current.set(context);
        return previous;
    }

    void restore(Object token) {
        current.set((RecordedSpan.Context) ((Object[]) token)[0]);
    }

    RecordedSpan serverStart(String method, String path, String route, List<String> traceparent,
                             List<String> tracestate) {
        String traceId = traceparent != null && traceparent.size() == 1 ? traceIdOf(traceparent.get(0)) : null;
        RecordedSpan span = new RecordedSpan(RecordedSpan.Kind.SERVER, method, path, route, traceparent, tracestate,
                new RecordedSpan.Context(traceId != null ? traceId : newTraceId(), newSpanId()));
        span.token = swap(span.context());
        spans.add(span);
        return span;
    }

    RecordedSpan clientStart(String method, String url) {
        RecordedSpan.Context parent = current.get();
        RecordedSpan span = new RecordedSpan(RecordedSpan.Kind.CLIENT, method, url, null, null, null,
                new RecordedSpan.Context(parent != null ? parent.traceId() : newTraceId(), newSpanId()));
        spans.add(span);
        return span;
    }

    void suspend(RecordedSpan span) {
        if (span.token != null) {
            restore(span.token);
            span.token = null;
        }
    }

    void resume(RecordedSpan span) {
        if (span.token == null) {
            span.token = swap(span.context());
        }
    }

    void end(RecordedSpan span, int status, Throwable thrown) {
        suspend(span);
        span.ended(status, thrown);
    }

    private static String traceIdOf(String traceparent) {
        String[] parts = traceparent.split("-");
        return parts.length == 4 && parts[1].length() == 32 ? parts[1] : null;
    }

    private static String newTraceId() {
        return hex(ThreadLocalRandom.current().nextLong()) + hex(ThreadLocalRandom.current().nextLong());
    }

    private static String newSpanId() {
        return hex(ThreadLocalRandom.current().nextLong());
    }

    private static String hex(long value) {
        return String.format("%016x", value);
    }
}
