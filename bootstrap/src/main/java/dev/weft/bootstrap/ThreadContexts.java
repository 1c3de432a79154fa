package dev.weft.bootstrap;

import java.util.Map;
import java.util.WeakHashMap;

/**
 * The trace context a thread was started in, from {@code Thread.start} until the thread's
 * {@code run} picks it up (a virtual thread's own {@code run(Runnable)}, which runs its task). Threads are keys held weakly: a thread that never runs leaks nothing.
 */
public final class ThreadContexts {

    private static final Map<Thread, Object> STARTED_IN = new WeakHashMap<>();
    /** Read without the lock: with no trace anywhere, a thread's run (a virtual thread's too) costs one volatile read. */
    private static volatile int size;

    private ThreadContexts() {
    }

    /** Called by {@code Thread.start()} on the starting thread. */
    public static void starting(Thread thread) {
        keep(thread, Spans.captureForThread());
    }

    /**
     * Called when a thread that is one task is started: a virtual thread, or any thread a
     * thread-per-task executor or a structured task scope starts. It carries the context as a
     * pool's task does: its spans stay in the trace however long the span that started it lasts.
     */
    public static void startingTask(Thread thread) {
        keep(thread, Spans.capture());
    }

    /** Called on entry to {@code Thread.run()} on the new thread; returns what {@link Spans#detach} needs. */
    public static Object running(Thread thread) {
        if (size == 0) {
            return null;
        }
        Object context;
        synchronized (STARTED_IN) {
            context = STARTED_IN.remove(thread);
            size = STARTED_IN.size();
        }
        return Spans.attach(context);
    }

    private static void keep(Thread thread, Object context) {
        if (context != null) {
            synchronized (STARTED_IN) {
                STARTED_IN.put(thread, context);
                size = STARTED_IN.size();
            }
        }
    }
}
