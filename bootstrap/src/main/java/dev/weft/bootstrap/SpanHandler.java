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

        /**
         * Gives the thread back the context it had before this span, now; the span stays open until
         * {@link #end}, which then ends it alone, on whatever thread. For a call whose work goes on
         * after it returns ({@link AsyncCall}). Returns what to end.
         */
        default Started leaveThread() {
            return this;
        }
    }

    /** A context a handler made current; like {@link Started}, it undoes itself whatever is installed by then. */
    interface Attached {
        void detach();
    }

    /** Starts a span for a call to the method of probe {@code probeId}, current on this thread; returns it. */
    Started start(int probeId);

    /** The trace context current on this thread, or {@code null} when there is none to carry. */
    Object capture();

    /**
     * As {@link #capture()}, for a thread being started. A thread may outlive the work it was
     * started for (a worker started lazily inside one request serves the service for hours): a
     * handler may mark the context, so that spans the thread starts once the span it was started
     * in has ended begin a trace of their own.
     */
    default Object captureForThread() {
        return capture();
    }

    /** Makes a captured context current on this thread; returns how to undo that. */
    Attached attach(Object context);

    /** Makes "no trace" current on this thread (a pool worker between tasks); returns how to undo that, or {@code null}. */
    Attached attachNone();
}
