package dev.weft.agent.metrics;

import dev.weft.bootstrap.LatencyLayout;

/**
 * Durations counted in the slots of a {@link LatencyLayout}, over some period: the whole run or a
 * window. Quantiles are read from the slots, interpolating within the one that holds the rank; a
 * slot is at most 1/32 of its values wide, so they are off by at most that (3%), usually far less.
 *
 * @param slotCounts non-cumulative count per slot
 * @param sumNanos   total of the durations
 */
public record Distribution(LatencyLayout layout, long[] slotCounts, long sumNanos) {

    public long count() {
        long count = 0;
        for (long c : slotCounts) {
            count += c;
        }
        return count;
    }

    /** Mean in seconds, NaN without calls. */
    public double mean() {
        long count = count();
        return count == 0 ? Double.NaN : sumNanos / 1e9 / count;
    }

    /** The q-quantile (0..1) in seconds, NaN without calls. */
    public double quantile(double q) {
        long count = count();
        if (count == 0) {
            return Double.NaN;
        }
        double rank = Math.max(1, Math.min(count, Math.ceil(q * count)));
        long before = 0;
        for (int s = 0; s < slotCounts.length; s++) {
            long inSlot = slotCounts[s];
            if (inSlot > 0 && before + inSlot >= rank) {
                return within(s, (rank - before - 0.5) / inSlot);
            }
            before += inSlot;
        }
        return within(slotCounts.length - 1, 0.5);
    }

    /** The smallest duration, in seconds, to the width of its slot; NaN without calls. */
    public double min() {
        for (int s = 0; s < slotCounts.length; s++) {
            if (slotCounts[s] > 0) {
                return within(s, 0.5 / slotCounts[s]);
            }
        }
        return Double.NaN;
    }

    /** The largest duration, in seconds, to the width of its slot; NaN without calls. */
    public double max() {
        for (int s = slotCounts.length - 1; s >= 0; s--) {
            if (slotCounts[s] > 0) {
                return within(s, 1 - 0.5 / slotCounts[s]);
            }
        }
        return Double.NaN;
    }

    /** Share of the durations at or below {@code seconds}, NaN without calls. */
    public double shareAtOrBelow(double seconds) {
        long count = count();
        if (count == 0) {
            return Double.NaN;
        }
        long limit = Math.round(seconds * 1e9);
        long atOrBelow = 0;
        for (int s = 0; s < slotCounts.length && layout.slotUpper(s) <= limit; s++) {
            atOrBelow += slotCounts[s];
        }
        return (double) atOrBelow / count;
    }

    /** A point {@code fraction} of the way through a slot, in seconds. */
    private double within(int slot, double fraction) {
        long lower = layout.slotLower(slot);
        long upper = slot == slotCounts.length - 1 ? lower * 2 : layout.slotUpper(slot);
        if (upper == lower) {
            return lower / 1e9;
        }
        return (lower + fraction * (upper + 1 - lower)) / 1e9;
    }
}
