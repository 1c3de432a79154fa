package dev.weft.bootstrap;

import java.util.concurrent.atomic.LongAdder;

/**
 * The write side of one method's metrics: a histogram of durations fine enough for quantiles and
 * exact at the configured bucket bounds ({@link LatencyLayout}), a call counter, an in-flight gauge
 * and error counts by exception class.
 *
 * <p>Writes are lock-free and allocation-free once a slot has been hit ({@link LongAdder} stripes
 * under contention, so two threads do not fight over one cache line). A slot's adder is created
 * the first time a duration lands in it: a method touches a few dozen of the grid's slots, so
 * memory stays small. Readers copy the values into snapshots.
 */
public final class MethodProbe {

    private final LatencyLayout layout;
    private final LongAdder[] slots;
    private final LongAdder sumNanos = new LongAdder();
    private final LongAdder calls = new LongAdder();
    private final LongAdder inflight = new LongAdder();
    private final ErrorCounts errors;

    /**
     * @param upperBoundsNanos inclusive upper bounds of the histogram buckets, strictly increasing;
     *                         one more bucket (+Inf) is added after the last
     * @param maxExceptionTypes distinct exception classes counted before the rest share "other"
     */
    public MethodProbe(long[] upperBoundsNanos, int maxExceptionTypes) {
        this.layout = LatencyLayout.of(upperBoundsNanos);
        this.slots = new LongAdder[layout.slots()];
        this.errors = new ErrorCounts(maxExceptionTypes);
    }

    void inflightUp() {
        inflight.increment();
    }

    void exit(int flags, long startNanos, Throwable thrown) {
        if ((flags & Probes.TIMER) != 0) {
            observe(System.nanoTime() - startNanos);
        } else if ((flags & Probes.COUNT) != 0) {
            calls.increment();
        }
        if ((flags & Probes.INFLIGHT) != 0) {
            inflight.decrement();
        }
        if (thrown != null && (flags & Probes.ERRORS) != 0) {
            errors.record(thrown);
        }
    }

    /** {@link #exit} with the duration already measured. */
    void exitAfter(int flags, long nanos, Throwable thrown) {
        if ((flags & Probes.INFLIGHT) != 0) {
            inflight.decrement();
        }
        record(flags, nanos, thrown);
    }

    /**
     * Records a finished call whose duration is known, as {@link #exit} does (without in-flight,
     * which needs the call's start): for series that are chosen only once the call has returned.
     */
    public void record(int flags, long nanos, Throwable thrown) {
        if ((flags & Probes.TIMER) != 0) {
            observe(nanos);
        } else if ((flags & Probes.COUNT) != 0) {
            calls.increment();
        }
        if (thrown != null && (flags & Probes.ERRORS) != 0) {
            errors.record(thrown);
        }
    }

    /** Adds one duration to the histogram. */
    public void observe(long nanos) {
        int slot = layout.slot(nanos);
        LongAdder adder = slots[slot];
        if (adder == null) {
            adder = slotAdder(slot);
        }
        adder.increment();
        sumNanos.add(nanos);
    }

    /**
     * Creates a slot's adder once. A racing reader may see the new adder before its constructor's
     * writes, but those only set the fields to their zero defaults, which it reads anyway.
     */
    private synchronized LongAdder slotAdder(int slot) {
        LongAdder adder = slots[slot];
        if (adder == null) {
            adder = new LongAdder();
            slots[slot] = adder;
        }
        return adder;
    }

    // ---- read side ----

    public LatencyLayout layout() {
        return layout;
    }

    /** Inclusive upper bounds in nanoseconds (a copy). */
    public long[] upperBoundsNanos() {
        return layout.bucketBounds();
    }

    /** Count per slot of the layout, non-cumulative. */
    public long[] slotCounts() {
        LongAdder[] current = slots;
        long[] counts = new long[current.length];
        for (int i = 0; i < counts.length; i++) {
            LongAdder adder = current[i];
            if (adder != null) {
                counts[i] = adder.sum();
            }
        }
        return counts;
    }

    /** Non-cumulative count per bucket, the last one being +Inf. */
    public long[] bucketCounts() {
        return layout.bucketCounts(slotCounts());
    }

    public long sumNanos() {
        return sumNanos.sum();
    }

    /** Calls counted without a timer; with a timer the histogram count is the call count. */
    public long untimedCalls() {
        return calls.sum();
    }

    public long inflight() {
        return inflight.sum();
    }

    /** Exception class names and their counts, in first-seen order. */
    public ErrorCounts errors() {
        return errors;
    }
}
