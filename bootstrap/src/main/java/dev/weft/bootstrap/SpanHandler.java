package dev.weft.bootstrap;

/**
 * What traced woven code calls through {@link Spans}: implemented in the agent, over the tracing
 * library, which woven code in application class loaders cannot see.
 */
public interface SpanHandler {

    /**
     * A span a handler started. It ends itself, so a span started before a reload replaced or
     * removed the handler still ends, closes its scope and restores the thread's context.
     */
    interface Started {
        /** Ends the span, with the HTTP status ({@code 0} when none) and what was thrown ({@code null} when nothing). */
        void end(int status, Throwable thrown);
    }

    /** A context a handler made current; like {@link Started}, it undoes itself whatever is installed by then. */
    interface Attached {
        void detach();
    }

    /** Starts a span for a call to the method of probe {@code probeId}, current on this thread; returns it. */
    Started start(int probeId);

    /** The trace context current on this thread, or {@code null} when there is none to carry. */
    Object capture();

    /** Makes a captured context current on this thread; returns how to undo that. */
    Attached attach(Object context);

    /** Makes "no trace" current on this thread (a pool worker between tasks); returns how to undo that, or {@code null}. */
    Attached attachNone();
}
