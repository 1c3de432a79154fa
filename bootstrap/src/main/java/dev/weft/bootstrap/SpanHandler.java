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
}
