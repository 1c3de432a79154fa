package dev.weft.bootstrap;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * One call of a selected method whose work goes on after it returns (it returned a
 * {@link CompletionStage}, a Reactor {@code Mono} or {@code Flux}, or a Kotlin {@code suspend}
 * function suspended): its timer, in-flight gauge, errors and span end when that work ends. It is
 * the one object such a call costs, and it completes once however often the work is observed (a
 * {@code Mono} subscribed twice is still one call).
 *
 * <p>A failure counts under its own class, the {@code CompletionException} or
 * {@code ExecutionException} around it taken off; a cancellation counts as {@value #CANCELLED}.
 */
public final class AsyncCall implements BiConsumer<Object, Throwable>, Consumer<Object> {

    /** The error label of a call whose work was cancelled: it neither succeeded nor failed by itself. */
    public static final String CANCELLED = "cancelled";

    private static final AtomicIntegerFieldUpdater<AsyncCall> DONE =
            AtomicIntegerFieldUpdater.newUpdater(AsyncCall.class, "done");

    private final int id;
    private final int flags;
    private final long startNanos;
    /** The call's span, already off its thread, or {@code null}. */
    private final SpanHandler.Started span;
    private volatile int done;
    /** A Reactor error, seen before the final signal that ends the call. */
    private volatile Throwable failure;

    AsyncCall(int id, int flags, long startNanos, Object span) {
        this.id = id;
        this.flags = flags;
        this.startNanos = startNanos;
        this.span = span == null ? null : ((SpanHandler.Started) span).leaveThread();
    }

    /**
     * Exit of a method declared to return a {@link CompletionStage}: a stage ends the call when it
     * completes (at once, if it already has); a throw or a {@code null} ends it now.
     */
    public static void exitStage(int id, int flags, long startNanos, Throwable thrown, Object returned, Object span) {
        if (thrown != null || !(returned instanceof CompletionStage) || startNanos == Probes.NOT_ENTERED) {
            endNow(id, flags, startNanos, thrown, span);
            return;
        }
        AsyncCall call = new AsyncCall(id, flags, startNanos, span);
        try {
            ((CompletionStage<?>) returned).whenComplete(call);
        } catch (Throwable e) {
            call.complete(null); // a stage that takes no callback: what was measured so far is all there is
        }
    }

    /**
     * Exit of a method declared to return a Reactor publisher: the callback its advice hangs on the
     * publisher ({@code doOnError}, then {@code doFinally}), or {@code null} when the call ended now.
     */
    public static AsyncCall exitPublisher(int id, int flags, long startNanos, Throwable thrown, Object returned,
                                          Object span) {
        if (thrown != null || returned == null || startNanos == Probes.NOT_ENTERED) {
            endNow(id, flags, startNanos, thrown, span);
            return null;
        }
        return new AsyncCall(id, flags, startNanos, span);
    }

    /** A synchronous end, as the plain advice records one. */
    static void endNow(int id, int flags, long startNanos, Throwable thrown, Object span) {
        try {
            Probes.exit(id, flags, startNanos, thrown);
        } finally {
            Spans.end(span, thrown);
        }
    }

    /** {@code CompletionStage.whenComplete}: the stage's value (unused) or its failure. */
    @Override
    public void accept(Object value, Throwable thrown) {
        complete(thrown);
    }

    /**
     * Reactor: {@code doOnError} hands the error, then {@code doFinally} the signal that ended the
     * publisher ({@code ON_COMPLETE}, {@code ON_ERROR} or {@code CANCEL}), read by its name.
     */
    @Override
    public void accept(Object errorOrSignal) {
        if (errorOrSignal instanceof Throwable) {
            failure = (Throwable) errorOrSignal;
        } else if (errorOrSignal instanceof Enum && ((Enum<?>) errorOrSignal).name().equals("CANCEL")) {
            complete(new CancellationException());
        } else {
            complete(failure);
        }
    }

    /** Ends the call, once: what is recorded after the first end is nothing. */
    void complete(Throwable thrown) {
        if (!DONE.compareAndSet(this, 0, 1)) {
            return;
        }
        Throwable cause = unwrap(thrown);
        boolean cancelled = cause instanceof CancellationException;
        try {
            long nanos = (flags & Probes.TIMER) != 0 ? System.nanoTime() - startNanos : 0L;
            Probes.get(id).exitAsync(flags, nanos, cause, cancelled);
        } finally {
            if (span != null) {
                span.end(0, cancelled ? null : cause);
            }
        }
    }

    /** The failure itself, not the wrapper a future puts around it. */
    static Throwable unwrap(Throwable thrown) {
        Throwable cause = thrown;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }
}
