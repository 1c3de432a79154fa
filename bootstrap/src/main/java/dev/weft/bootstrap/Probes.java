package dev.weft.bootstrap;

/**
 * The table woven code reads. Each woven method carries its probe id as a constant, so a call
 * costs one array load, never a map lookup.
 *
 * <p>Woven code calls {@link #enter} and {@link #exit}; both are tiny so the JIT inlines them into
 * the host method, where the constant {@code flags} folds every branch that does not apply.
 */
public final class Probes {

    /** Record the duration into the histogram (also yields the call count). */
    public static final int TIMER = 1;
    /**
     * Count calls; free when {@link #TIMER} is also set, the histogram's count serves. A call adds to
     * the histogram or to the counter, never both: their sum is the call count (MethodProbe.calls()).
     */
    public static final int COUNT = 1 << 1;
    /** Count thrown exceptions by class name. */
    public static final int ERRORS = 1 << 2;
    /** Track calls currently running. */
    public static final int INFLIGHT = 1 << 3;
    /**
     * Each call is also a span: set only for the asynchronous advice, which is one template for
     * traced and untraced selectors (the synchronous ones have a template each).
     */
    public static final int TRACED = 1 << 4;

    private static final Object GROW_LOCK = new Object();
    private static volatile MethodProbe[] table = new MethodProbe[256];
    private static int size;
    private static volatile CaptureHandler captureHandler;

    private Probes() {
    }

    /**
     * What woven code holds when its entry did not complete: the value Byte Buddy gives a
     * suppressed entry (a stack overflow in the caller's frame can stop it half-way). Its exit then
     * records nothing, so a call never counts, times or leaves the in-flight gauge by halves.
     */
    public static final long NOT_ENTERED = 0L;

    /**
     * Called on method entry. Returns the start time when timing, else 1: never {@link #NOT_ENTERED}
     * (the monotonic clock reads 0 only at the instant the machine booted).
     */
    public static long enter(int id, int flags) {
        if ((flags & INFLIGHT) != 0) {
            table[id].inflightUp();
        }
        return (flags & TIMER) != 0 ? System.nanoTime() : 1L;
    }

    /** The span of a call, when its selector traces; for the asynchronous advice. */
    public static Object startSpan(int id, int flags) {
        return (flags & TRACED) != 0 ? Spans.start(id) : null;
    }

    /** Called on method exit, normal or exceptional ({@code thrown} is then non-null). */
    public static void exit(int id, int flags, long startNanos, Throwable thrown) {
        if (startNanos != NOT_ENTERED) {
            table[id].exit(flags, startNanos, thrown);
        }
    }

    /**
     * Exit of a method whose selector takes labels or a value from its arguments or return value:
     * the method's own probe as in {@link #exit}, then the agent's capture handler, with the same
     * duration.
     */
    public static void exitCapturing(int id, int flags, long startNanos, Throwable thrown, Object[] args,
                                     Object returned) {
        if (startNanos == NOT_ENTERED) {
            return;
        }
        long nanos = (flags & TIMER) != 0 ? System.nanoTime() - startNanos : 0L;
        table[id].exitAfter(flags, nanos, thrown);
        CaptureHandler handler = captureHandler;
        if (handler != null) {
            handler.record(id, nanos, thrown, args, returned);
        }
    }

    /** Installs (or with {@code null} removes) the agent's capture handler. */
    public static void installCaptureHandler(CaptureHandler handler) {
        captureHandler = handler;
    }

    /** Registers a probe and returns its id. Weave time only, never on the hot path. */
    public static int register(MethodProbe probe) {
        synchronized (GROW_LOCK) {
            MethodProbe[] current = table;
            if (size == current.length) {
                MethodProbe[] grown = new MethodProbe[current.length * 2];
                System.arraycopy(current, 0, grown, 0, size);
                current = grown;
            }
            current[size] = probe;
            table = current; // volatile write publishes the probe before any woven code can use its id
            return size++;
        }
    }

    /** The probe registered under {@code id}. */
    public static MethodProbe get(int id) {
        return table[id];
    }
}
