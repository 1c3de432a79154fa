package dev.weft.agent.metrics;

/**
 * One method's recent history at one resolution, in slices of equal length: what happened in each
 * tick, kept for as many ticks as the longest window read at this resolution needs. A window is the sum of its latest slices, so it costs the
 * woven code nothing: the ticker reads the probe's running totals and keeps the differences.
 *
 * <p>Slices store only the slots that moved, so an idle method's history is a few empty arrays.
 */
final class WindowRing {

    private record Slice(int[] slots, long[] counts, long calls, long errors, long sumNanos) {
        static final Slice IDLE = new Slice(new int[0], new long[0], 0, 0, 0);
    }

    /** What a window held. */
    record Totals(long[] slotCounts, long calls, long errors, long sumNanos, int slices) {
    }

    /** The running totals at the last tick, of the slots that had any: kept sparse, as slices are. */
    private int[] lastSlots = new int[0];
    private long[] lastTotals = new long[0];
    private long lastCalls;
    private long lastErrors;
    private long lastSum;
    private Slice[] slices = new Slice[0];
    private int next;
    private int filled;

    /**
     * Starts the history from the probe's running totals as they are now, so that a ring made for
     * a method that already ran (a window added by a reload) holds only what happens from now on.
     */
    synchronized void prime(dev.weft.bootstrap.MethodProbe probe, long calls, long errors) {
        long[] slotTotals = probe.slotCounts();
        int nonZero = 0;
        for (long total : slotTotals) {
            nonZero += total != 0 ? 1 : 0;
        }
        int[] slots = new int[nonZero];
        long[] totals = new long[nonZero];
        for (int s = 0, n = 0; s < slotTotals.length; s++) {
            if (slotTotals[s] != 0) {
                slots[n] = s;
                totals[n++] = slotTotals[s];
            }
        }
        lastSlots = slots;
        lastTotals = totals;
        lastCalls = calls;
        lastErrors = errors;
        lastSum = probe.sumNanos();
    }

    /** Closes one tick with the probe's running totals. */
    synchronized void tick(dev.weft.bootstrap.MethodProbe probe, long calls, long errors, int capacity) {
        if (slices.length != capacity) {
            resize(capacity);
        }
        long sumNanos = probe.sumNanos();
        if (calls == lastCalls && errors == lastErrors && sumNanos == lastSum) {
            add(Slice.IDLE); // an idle method costs no copy of its slots
            return;
        }
        long[] slotTotals = probe.slotCounts();
        int nonZero = 0;
        int moved = 0;
        for (int s = 0, k = 0; s < slotTotals.length; s++) {
            long last = k < lastSlots.length && lastSlots[k] == s ? lastTotals[k++] : 0;
            nonZero += slotTotals[s] != 0 ? 1 : 0;
            moved += slotTotals[s] != last ? 1 : 0;
        }
        int[] slots = new int[moved];
        long[] counts = new long[moved];
        int[] nextSlots = new int[nonZero];
        long[] nextTotals = new long[nonZero];
        for (int s = 0, k = 0, m = 0, n = 0; s < slotTotals.length; s++) {
            long last = k < lastSlots.length && lastSlots[k] == s ? lastTotals[k++] : 0;
            if (slotTotals[s] != last) {
                slots[m] = s;
                counts[m++] = slotTotals[s] - last;
            }
            if (slotTotals[s] != 0) {
                nextSlots[n] = s;
                nextTotals[n++] = slotTotals[s];
            }
        }
        lastSlots = nextSlots;
        lastTotals = nextTotals;
        add(new Slice(slots, counts, calls - lastCalls, errors - lastErrors, sumNanos - lastSum));
        lastCalls = calls;
        lastErrors = errors;
        lastSum = sumNanos;
    }

    private void add(Slice slice) {
        slices[next] = slice;
        next = (next + 1) % slices.length;
        filled = Math.min(filled + 1, slices.length);
    }

    private void resize(int capacity) {
        Slice[] resized = new Slice[capacity];
        int keep = Math.min(filled, capacity);
        for (int k = 0; k < keep; k++) { // newest first
            resized[keep - 1 - k] = slices[Math.floorMod(next - 1 - k, slices.length)];
        }
        slices = resized;
        filled = keep;
        next = keep % capacity;
    }

    /** The latest {@code count} slices (fewer if the history is shorter), summed. */
    synchronized Totals latest(int count, int slotCount) {
        long[] slotCounts = new long[slotCount];
        long calls = 0;
        long errors = 0;
        long sum = 0;
        int taken = Math.min(count, filled);
        for (int k = 0; k < taken; k++) {
            Slice slice = slices[Math.floorMod(next - 1 - k, slices.length)];
            for (int i = 0; i < slice.slots.length; i++) {
                slotCounts[slice.slots[i]] += slice.counts[i];
            }
            calls += slice.calls;
            errors += slice.errors;
            sum += slice.sumNanos;
        }
        return new Totals(slotCounts, calls, errors, sum, taken);
    }
}
