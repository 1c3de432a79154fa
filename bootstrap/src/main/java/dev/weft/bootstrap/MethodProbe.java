package dev.weft.bootstrap;

import java.util.concurrent.atomic.LongAdder;

/**
 * The write side of one method's metrics: a fixed-bucket histogram of durations, a call counter,
 * an in-flight gauge and error counts by exception class.
 *
 * <p>Writes are lock-free and allocation-free ({@link LongAdder} stripes under contention, so two
 * threads do not fight over one cache line). Readers copy the values into snapshots.
 */
public final class MethodProbe {

    private final long[] upperBoundsNanos;
    private final LongAdder[] buckets;
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
        this.upperBoundsNanos = upperBoundsNanos.clone();
        this.buckets = new LongAdder[upperBoundsNanos.length + 1];
        for (int i = 0; i < buckets.length; i++) {
            buckets[i] = new LongAdder();
        }
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

    /** Adds one duration to the histogram. */
    public void observe(long nanos) {
        long[] bounds = upperBoundsNanos;
        int i = 0;
        while (i < bounds.length && nanos > bounds[i]) {
            i++;
        }
        buckets[i].increment();
        sumNanos.add(nanos);
    }

    // ---- read side ----

    /** Inclusive upper bounds in nanoseconds (a copy). */
    public long[] upperBoundsNanos() {
        return upperBoundsNanos.clone();
    }

    /** Non-cumulative count per bucket, the last one being +Inf. */
    public long[] bucketCounts() {
        long[] counts = new long[buckets.length];
        for (int i = 0; i < counts.length; i++) {
            counts[i] = buckets[i].sum();
        }
        return counts;
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
