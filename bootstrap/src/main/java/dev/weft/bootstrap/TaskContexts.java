package dev.weft.bootstrap;

import java.lang.ref.ReferenceQueue;
import java.util.HashMap;
import java.util.Map;

/**
 * The trace context a task was handed over in, kept beside the task rather than in a wrapper: the
 * executor queues, runs, removes and returns the application's own task objects, so
 * {@code afterExecute}, {@code remove}, {@code shutdownNow} and {@code getQueue} see exactly what
 * the application handed over. Tasks are keys by identity, held weakly: a task that never runs
 * leaks nothing.
 */
public final class TaskContexts {

    private static final Map<IdentityKey, Object> HANDED_OVER_IN = new HashMap<>();
    private static final ReferenceQueue<Object> COLLECTED = new ReferenceQueue<>();
    /** Read without the lock: with no trace anywhere, a task's run costs one volatile read. */
    private static volatile int size;
    /** What the task running on this worker attached, until {@link #afterRun}. */
    private static final ThreadLocal<Object> RUNNING = new ThreadLocal<>();

    private TaskContexts() {
    }

    /** At hand-over ({@code execute}, {@code schedule}), on the caller's thread. */
    public static void handOver(Object task) {
        Object context = Spans.capture();
        if (context == null || task == null) {
            return;
        }
        synchronized (HANDED_OVER_IN) {
            dropCollected();
            HANDED_OVER_IN.put(new IdentityKey(task, COLLECTED), context);
            size = HANDED_OVER_IN.size();
        }
    }

    /** On the worker, just before the task runs: its context becomes current. */
    public static void beforeRun(Object task) {
        afterRun(); // an afterExecute that did not call its super leaves the previous task's context
        if (size == 0 || task == null) {
            return;
        }
        Object context;
        synchronized (HANDED_OVER_IN) {
            context = HANDED_OVER_IN.remove(new IdentityKey(task));
            size = HANDED_OVER_IN.size();
        }
        if (context != null) {
            RUNNING.set(Spans.attach(context));
        }
    }

    /** On the worker, once the task has run (or thrown): what was current before comes back. */
    public static void afterRun() {
        Object attached = RUNNING.get();
        if (attached != null) {
            RUNNING.remove();
            Spans.detach(attached);
        }
    }

    private static void dropCollected() {
        for (Object gone = COLLECTED.poll(); gone != null; gone = COLLECTED.poll()) {
            HANDED_OVER_IN.remove(gone);
        }
    }
}
