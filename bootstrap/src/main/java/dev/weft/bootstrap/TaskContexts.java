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
 *
 * <p>An asynchronous stage of a {@code CompletableFuture} keeps the context it was asked for in
 * apart ({@link #stageCreated}): the executor it is handed to later, on whatever thread completed
 * the stage before it, hands it over again in that thread's context, and the stage's own must win.
 */
public final class TaskContexts {

    private static final Beside HANDED_OVER = new Beside();
    private static final Beside STAGES = new Beside();
    /** What the task running on this worker attached, until {@link #afterRun}. */
    private static final ThreadLocal<Object> RUNNING = new ThreadLocal<>();

    private TaskContexts() {
    }

    /** At hand-over ({@code execute}, {@code schedule}, {@code fork}), on the caller's thread. */
    public static void handOver(Object task) {
        HANDED_OVER.put(task);
    }

    /** On the worker, just before the task runs: its context becomes current. */
    public static void beforeRun(Object task) {
        afterRun(); // an afterExecute that did not call its super leaves the previous task's context
        Object context = HANDED_OVER.take(task);
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

    /**
     * On the thread about to run a task whose runs may nest (a fork-join task joining another runs
     * it on the same thread): the context it was handed over in becomes current; returns what
     * {@link Spans#detach} needs to undo that, or {@code null}.
     */
    public static Object running(Object task) {
        return Spans.attach(HANDED_OVER.take(task));
    }

    /** When an asynchronous stage is created, on the thread that asked for it. */
    public static void stageCreated(Object stage) {
        STAGES.put(stage);
    }

    /** As {@link #running}, for a stage: the context it was asked for in becomes current. */
    public static Object stageRunning(Object stage) {
        return Spans.attach(STAGES.take(stage));
    }

    /** Contexts beside objects, by identity, held weakly. */
    private static final class Beside {
        private final Map<IdentityKey, Object> contexts = new HashMap<>();
        private final ReferenceQueue<Object> collected = new ReferenceQueue<>();
        /** Read without the lock: with no trace anywhere, a task's run costs one volatile read. */
        private volatile int size;

        void put(Object task) {
            Object context = Spans.capture();
            if (context == null || task == null) {
                return;
            }
            synchronized (contexts) {
                for (Object gone = collected.poll(); gone != null; gone = collected.poll()) {
                    contexts.remove(gone);
                }
                contexts.put(new IdentityKey(task, collected), context);
                size = contexts.size();
            }
        }

        /** The context kept beside {@code task}, no longer kept, or {@code null}. */
        Object take(Object task) {
            if (size == 0 || task == null) {
                return null;
            }
            synchronized (contexts) {
                Object context = contexts.remove(new IdentityKey(task));
                size = contexts.size();
                return context;
            }
        }
    }
}
