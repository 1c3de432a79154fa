package dev.weft.bootstrap;

import java.util.Map;
import java.util.WeakHashMap;

/**
 * The trace context a thread was started in, from {@code Thread.start} until the thread's
 * {@code run} picks it up. Threads are keys held weakly: a thread that never runs leaks nothing.
 */
public final class ThreadContexts {

    private static final Map<Thread, Object> STARTED_IN = new WeakHashMap<>();

    private ThreadContexts() {
    }

    /** Called by {@code Thread.start()} on the starting thread. */
    public static void starting(Thread thread) {
        Object context = Spans.captureForThread();
        if (context != null) {
            synchronized (STARTED_IN) {
                STARTED_IN.put(thread, context);
            }
        }
    }

    /** Called on entry to {@code Thread.run()} on the new thread; returns what {@link Spans#detach} needs. */
    public static Object running(Thread thread) {
        Object context;
        synchronized (STARTED_IN) {
            if (STARTED_IN.isEmpty()) {
                return null;
            }
            context = STARTED_IN.remove(thread);
        }
        return Spans.attach(context);
    }
}
