package dev.weft.agent.metrics;

/**
 * One method's recent history in slices of equal length: what happened in each tick, kept for as
 * many ticks as the longest window needs. A window is the sum of its latest slices, so it costs the
 * woven code nothing: the ticker reads the probe's running totals and keeps the differences.
 *
 * <p>Slices store only the slots that moved, so an idle method's history is a few empty arrays.
 */
final class WindowRing {

    private record Slice(int[] slots, long[] counts, long calls, long errors, long sumNanos) {
    }

    /** What a window held. */
    record Totals(long[] slotCounts, long calls, long errors, long sumNanos, int slices) {
    }

    private long[] lastSlots;
    private long lastCalls;
    private long lastErrors;
    private long lastSum;
    private Slice[] slices = new Slice[0];
    private int next;
    private int filled;

    /** Closes one tick with the probe's running totals. */
    synchronized void tick(long[] slotTotals, long calls, long errors, long sumNanos, int capacity) {
        if (slices.length != capacity) {
            resize(capacity);
        }
        if (lastSlots == null) {
            lastSlots = new long[slotTotals.length];
        }
        int moved = 0;
        for (int s = 0; s < slotTotals.length; s++) {
            if (slotTotals[s] != lastSlots[s]) {
                moved++;
            }
        }
        int[] slots = new int[moved];
        long[] counts = new long[moved];
        int i = 0;
        for (int s = 0; s < slotTotals.length; s++) {
            if (slotTotals[s] != lastSlots[s]) {
                slots[i] = s;
                counts[i++] = slotTotals[s] - lastSlots[s];
                lastSlots[s] = slotTotals[s];
            }
        }
        slices[next] = new Slice(slots, counts, calls - lastCalls, errors - lastErrors, sumNanos - lastSum);
        lastCalls = calls;
        lastErrors = errors;
        lastSum = sumNanos;
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
