package dev.weft.bootstrap;

import java.util.concurrent.atomic.LongAdder;

/**
 * The write side of one method's metrics: a histogram of durations fine enough for quantiles and
 * exact at the configured bucket bounds ({@link LatencyLayout}), a counter of the calls that were not
 * timed (the two together are the call count, {@link #calls()}), an in-flight gauge and error counts
 * by exception class.
 *
 * <p>Writes are lock-free and allocation-free once a slot has been hit ({@link LongAdder} stripes
 * under contention, so two threads do not fight over one cache line). A slot's adder, and the
 * chunk of adders of its doubling, are created the first time a duration lands there: a method
 * touches a few doublings and a few dozen slots, so it holds about 2 KB, not one adder per slot of
 * the grid. Readers copy the values into snapshots.
 */
public final class MethodProbe {

    private final LatencyLayout layout;
    /** Slot adders by chunk (one doubling of the duration), each chunk made when first needed. */
    private final LongAdder[][] chunks;
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
        this.chunks = new LongAdder[layout.chunks()][];
        this.errors = new ErrorCounts(maxExceptionTypes);
    }

    void inflightUp() {
        inflight.increment();
    }

    void exit(int flags, long startNanos, Throwable thrown) {
        // First, and as shallow as the increment: on an exhausted stack (an overflow unwinding
        // through woven frames) what comes later may fail, and the gauge must not drift.
        if ((flags & Probes.INFLIGHT) != 0) {
            inflight.decrement();
        }
        if ((flags & Probes.TIMER) != 0) {
            observe(System.nanoTime() - startNanos);
        } else if ((flags & Probes.COUNT) != 0) {
            calls.increment();
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
     * The end of a call whose work went on after it returned ({@link AsyncCall}): as
     * {@link #exitAfter}, and a cancelled call counts as {@link AsyncCall#CANCELLED}.
     */
    void exitAsync(int flags, long nanos, Throwable thrown, boolean cancelled) {
        if (!cancelled) {
            exitAfter(flags, nanos, thrown);
            return;
        }
        exitAfter(flags, nanos, null);
        if ((flags & Probes.ERRORS) != 0) {
            errors.record(AsyncCall.CANCELLED);
        }
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
        int cell = LatencyLayout.cell(nanos);
        int index = layout.indexInChunk(cell, nanos);
        LongAdder[] adders = chunks[cell >>> LatencyLayout.SUB_BITS];
        LongAdder adder = adders == null ? null : adders[index];
        if (adder == null) {
            adder = slotAdder(cell >>> LatencyLayout.SUB_BITS, index);
        }
        adder.increment();
        sumNanos.add(nanos);
    }

    /**
     * Creates a slot's adder (and its chunk) once. A racing reader may see the new chunk or adder
     * before their constructors' writes, but those only set fields and elements to their zero
     * defaults, which it reads anyway; it then comes here and finds them under the lock.
     */
    private synchronized LongAdder slotAdder(int chunk, int index) {
        LongAdder[] adders = chunks[chunk];
        if (adders == null) {
            adders = new LongAdder[layout.chunkSlots(chunk)];
            chunks[chunk] = adders;
        }
        LongAdder adder = adders[index];
        if (adder == null) {
            adder = new LongAdder();
            adders[index] = adder;
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
        long[] counts = new long[layout.slots()];
        for (int chunk = 0; chunk < chunks.length; chunk++) {
            LongAdder[] adders = chunks[chunk];
            if (adders == null) {
                continue;
            }
            int first = layout.chunkFirstSlot(chunk);
            for (int i = 0; i < adders.length; i++) {
                LongAdder adder = adders[i];
                if (adder != null) {
                    counts[first + i] = adder.sum();
                }
            }
        }
        return counts;
    }

    /** Durations recorded so far (the histogram's count), without copying the slots. */
    public long timedCalls() {
        long total = 0;
        for (LongAdder[] adders : chunks) {
            if (adders != null) {
                for (LongAdder adder : adders) {
                    total += adder == null ? 0 : adder.sum();
                }
            }
        }
        return total;
    }

    /** Non-cumulative count per bucket, the last one being +Inf. */
    public long[] bucketCounts() {
        return layout.bucketCounts(slotCounts());
    }

    public long sumNanos() {
        return sumNanos.sum();
    }

    /** Calls counted without a timer (a timed call lands in the histogram instead). */
    public long untimedCalls() {
        return calls.sum();
    }

    /**
     * Every call counted, timed or not: the one call counter. Each call adds to exactly one of the
     * two, so the sum stays exact and never goes back when a reload switches {@code timer} on or off
     * (calls still running with the old flags land on the other side, and are counted all the same).
     */
    public long calls() {
        return timedCalls() + untimedCalls();
    }

    public long inflight() {
        return inflight.sum();
    }

    /** Exception class names and their counts, in first-seen order. */
    public ErrorCounts errors() {
        return errors;
    }
}
