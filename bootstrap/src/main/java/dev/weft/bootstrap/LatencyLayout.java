package dev.weft.bootstrap;

import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How durations map to counting slots: a log-linear grid (32 slots per doubling, so a slot is at most
 * 1/32 of its values wide: quantiles within 3%) with the configured histogram bounds cut in
 * as extra edges, so the Prometheus buckets are exact sums of slots.
 *
 * <p>Finding a slot costs a leading-zero count, a shift and two array loads: no search, whatever the
 * number of buckets. One layout is shared by every probe with the same bounds.
 */
public final class LatencyLayout {

    static final int SUB_BITS = 5;
    static final int SUB = 1 << SUB_BITS;
    /** Durations from 2^41 ns (about 37 minutes) on share the last grid cell. */
    static final int MAX_OCTAVE = 40;
    static final int GRID = (MAX_OCTAVE - SUB_BITS + 2) * SUB;

    private static final ConcurrentHashMap<String, LatencyLayout> SHARED = new ConcurrentHashMap<>();

    private final long[] bucketBounds;
    /**
     * Per grid cell, its slot's index within the cell's chunk (the {@value #SUB} cells of one doubling);
     * or, for the few cells a bucket bound cuts into more than one slot, the complement ({@code ~index})
     * of the first, so the common case is one load and a sign test.
     */
    private final int[] cellIndex;
    /** The first slot of each chunk, and the number of slots it holds. */
    private final int[] chunkFirstSlot;
    private final int[] chunkSlots;
    /** Inclusive upper edge of each slot; the last is {@link Long#MAX_VALUE}. */
    private final long[] slotUpper;
    /** Inclusive lower edge of each slot. */
    private final long[] slotLower;
    /** The Prometheus bucket (index into the bounds, or bounds.length for +Inf) each slot belongs to. */
    private final int[] slotBucket;

    private LatencyLayout(long[] bucketBounds) {
        this.bucketBounds = bucketBounds.clone();
        int[] firstSlot = new int[GRID + 1];
        long[] upper = new long[GRID + bucketBounds.length];
        long[] lower = new long[upper.length];
        int slots = 0;
        int bound = 0;
        for (int cell = 0; cell < GRID; cell++) {
            firstSlot[cell] = slots;
            long low = cellLower(cell);
            long high = cell == GRID - 1 ? Long.MAX_VALUE : cellLower(cell + 1) - 1;
            while (bound < bucketBounds.length && bucketBounds[bound] < low) {
                bound++;
            }
            // every bound inside this cell (but at its top edge) ends a slot early
            while (bound < bucketBounds.length && bucketBounds[bound] < high) {
                lower[slots] = low;
                upper[slots++] = bucketBounds[bound];
                low = bucketBounds[bound++] + 1;
            }
            lower[slots] = low;
            upper[slots++] = high;
        }
        firstSlot[GRID] = slots;
        chunkFirstSlot = new int[GRID / SUB];
        chunkSlots = new int[GRID / SUB];
        for (int chunk = 0; chunk < chunkFirstSlot.length; chunk++) {
            chunkFirstSlot[chunk] = firstSlot[chunk * SUB];
            chunkSlots[chunk] = firstSlot[(chunk + 1) * SUB] - firstSlot[chunk * SUB];
        }
        cellIndex = new int[GRID];
        for (int cell = 0; cell < GRID; cell++) {
            int index = firstSlot[cell] - chunkFirstSlot[cell >>> SUB_BITS];
            cellIndex[cell] = firstSlot[cell + 1] - firstSlot[cell] > 1 ? ~index : index;
        }
        slotUpper = Arrays.copyOf(upper, slots);
        slotLower = Arrays.copyOf(lower, slots);
        slotBucket = new int[slots];
        int b = 0;
        for (int s = 0; s < slots; s++) {
            while (b < bucketBounds.length && slotUpper[s] > bucketBounds[b]) {
                b++;
            }
            slotBucket[s] = b;
        }
    }

    /** The layout for these inclusive bucket bounds (nanoseconds, strictly increasing), shared. */
    public static LatencyLayout of(long[] bucketBounds) {
        return SHARED.computeIfAbsent(Arrays.toString(bucketBounds), key -> new LatencyLayout(bucketBounds));
    }

    /** The index, within the chunk {@code cell >>> SUB_BITS}, of the slot {@code nanos} (in {@code cell}) counts in. Hot path. */
    int indexInChunk(int cell, long nanos) {
        int index = cellIndex[cell];
        if (index >= 0) {
            return index;
        }
        index = ~index; // a cell a bucket bound cuts
        int first = chunkFirstSlot[cell >>> SUB_BITS];
        while (nanos > slotUpper[first + index]) {
            index++;
        }
        return index;
    }

    /** The slot a duration is counted in, numbered across all chunks. */
    int slot(long nanos) {
        int cell = cell(nanos);
        return chunkFirstSlot[cell >>> SUB_BITS] + indexInChunk(cell, nanos);
    }

    int chunks() {
        return chunkFirstSlot.length;
    }

    int chunkFirstSlot(int chunk) {
        return chunkFirstSlot[chunk];
    }

    int chunkSlots(int chunk) {
        return chunkSlots[chunk];
    }

    static int cell(long nanos) {
        if (nanos < SUB) {
            return nanos <= 0 ? 0 : (int) nanos;
        }
        int octave = 63 - Long.numberOfLeadingZeros(nanos);
        if (octave > MAX_OCTAVE) {
            return GRID - 1;
        }
        int sub = (int) (nanos >>> (octave - SUB_BITS)) & (SUB - 1);
        return (octave - SUB_BITS + 1) * SUB + sub;
    }

    static long cellLower(int cell) {
        if (cell < SUB) {
            return cell;
        }
        int octave = cell / SUB + SUB_BITS - 1;
        long sub = cell % SUB;
        return (SUB + sub) << (octave - SUB_BITS);
    }

    public int slots() {
        return slotUpper.length;
    }

    public long slotLower(int slot) {
        return slotLower[slot];
    }

    public long slotUpper(int slot) {
        return slotUpper[slot];
    }

    /** Inclusive bucket bounds in nanoseconds (a copy). */
    public long[] bucketBounds() {
        return bucketBounds.clone();
    }

    /** Slot counts folded into the Prometheus buckets: non-cumulative, the last one +Inf. */
    public long[] bucketCounts(long[] slotCounts) {
        long[] buckets = new long[bucketBounds.length + 1];
        for (int s = 0; s < slotCounts.length; s++) {
            buckets[slotBucket[s]] += slotCounts[s];
        }
        return buckets;
    }
}
