package dev.weft.bootstrap;

/**
 * The entry point traced woven code calls. Until tracing is set up, and when it is off, every call
 * is a null check and nothing else.
 */
public final class Spans {

    private static volatile SpanHandler handler;

    private Spans() {
    }

    /** Installs (or with {@code null} removes) the agent's handler. */
    public static void install(SpanHandler spanHandler) {
        handler = spanHandler;
    }

    /** Called on entry to a traced method; returns the span to hand to {@link #end}, or {@code null}. */
    public static Object start(int probeId) {
        SpanHandler current = handler;
        return current == null ? null : current.start(probeId);
    }

    /** Called on exit from a traced method, normal or exceptional. */
    public static void end(Object span, Throwable thrown) {
        SpanHandler current = handler;
        if (span != null && current != null) {
            current.end(span, thrown);
        }
    }
}
