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
    public static synchronized void install(SpanHandler spanHandler) {
        handler = spanHandler;
    }

    /** Removes {@code spanHandler} if it is still the one installed: a handler installed after it stays. */
    public static synchronized void uninstall(SpanHandler spanHandler) {
        if (handler == spanHandler) {
            handler = null;
        }
    }

    /** Called on entry to a traced method; returns the span to hand to {@link #end}, or {@code null}. */
    public static Object start(int probeId) {
        SpanHandler current = handler;
        return current == null ? null : current.start(probeId);
    }

    /** Called on exit from a traced method, normal or exceptional: the span ends itself. */
    public static void end(Object span, Throwable thrown) {
        if (span != null) {
            ((SpanHandler.Started) span).end(0, thrown);
        }
    }

    // ---- carrying the context to other threads ----

    /** The context to carry to another thread, or {@code null} when no trace is current here. */
    public static Object capture() {
        SpanHandler current = handler;
        return current == null ? null : current.capture();
    }

    /** The context to carry into a thread being started, or {@code null}; see {@link SpanHandler#captureForThread()}. */
    public static Object captureForThread() {
        SpanHandler current = handler;
        return current == null ? null : current.captureForThread();
    }

    /** Runs on the other thread: makes {@code context} current; returns the token for {@link #detach}. */
    public static Object attach(Object context) {
        SpanHandler current = handler;
        return context == null || current == null ? null : current.attach(context);
    }

    /**
     * Runs on a pool's worker thread: whatever context the thread was started in, its tasks run in
     * their own (wrapped) context or in none.
     */
    public static Object attachNone() {
        SpanHandler current = handler;
        return current == null ? null : current.attachNone();
    }

    /** Undoes {@link #attach} or {@link #attachNone}, whatever handler is installed now. */
    public static void detach(Object attached) {
        if (attached != null) {
            ((SpanHandler.Attached) attached).detach();
        }
    }

    /** The task, or a wrapper that runs it in this thread's trace context when there is one. */
    public static Runnable wrap(Runnable task) {
        if (task == null || task instanceof ContextRunnable) {
            return task;
        }
        Object context = capture();
        return context == null ? task : new ContextRunnable(task, context);
    }

    /** As {@link #wrap(Runnable)}, for a {@link java.util.concurrent.Callable}. */
    public static <T> java.util.concurrent.Callable<T> wrap(java.util.concurrent.Callable<T> task) {
        if (task == null || task instanceof ContextCallable) {
            return task;
        }
        Object context = capture();
        return context == null ? task : new ContextCallable<>(task, context);
    }
}
