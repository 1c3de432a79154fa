package dev.weft.bootstrap;

/**
 * What traced woven code calls through {@link Spans}: implemented in the agent, over the tracing
 * library, which woven code in application class loaders cannot see.
 */
public interface SpanHandler {

    /** Starts a span for a call to the method of probe {@code probeId}, current on this thread; returns it. */
    Object start(int probeId);

    /** Ends what {@link #start} returned, marking it failed when {@code thrown} is non-null. */
    void end(Object span, Throwable thrown);

    /** The trace context current on this thread, or {@code null} when there is none to carry. */
    Object capture();

    /** Makes a captured context current on this thread; returns what {@link #detach} needs. */
    Object attach(Object context);

    /** Makes "no trace" current on this thread (a pool worker between tasks); returns what {@link #detach} needs. */
    Object attachNone();

    /** Undoes {@link #attach} or {@link #attachNone}. */
    void detach(Object attached);
}
