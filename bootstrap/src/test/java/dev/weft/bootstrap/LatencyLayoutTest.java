package dev.weft.bootstrap;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LatencyLayoutTest {

    private static final long[] BOUNDS = {500_000, 1_000_000, 2_500_000, 250_000_000, 10_000_000_000L};

    @Test
    void slotsTileEveryDurationWithoutGapsOrOverlap() {
        LatencyLayout layout = LatencyLayout.of(BOUNDS);
        assertEquals(0, layout.slotLower(0));
        for (int s = 1; s < layout.slots(); s++) {
            assertEquals(layout.slotUpper(s - 1) + 1, layout.slotLower(s), "slot " + s);
        }
        assertEquals(Long.MAX_VALUE, layout.slotUpper(layout.slots() - 1));
    }

    @Test
    void everyDurationLandsInTheSlotThatHoldsIt() {
        LatencyLayout layout = LatencyLayout.of(BOUNDS);
        Random random = new Random(7);
        for (int i = 0; i < 200_000; i++) {
            long nanos = (long) Math.exp(random.nextDouble() * 30);
            int slot = layout.slot(nanos);
            assertTrue(layout.slotLower(slot) <= nanos && nanos <= layout.slotUpper(slot), nanos + " in slot " + slot);
        }
        for (long bound : BOUNDS) {
            int slot = layout.slot(bound);
            assertEquals(bound, layout.slotUpper(slot), "a bucket bound ends a slot");
            assertEquals(slot + 1, layout.slot(bound + 1));
        }
    }

    @Test
    void slotsAreNarrowEnoughForQuantilesWithinTwoPercent() {
        LatencyLayout layout = LatencyLayout.of(BOUNDS);
        for (int s = 0; s < layout.slots() - 1; s++) {
            long lower = layout.slotLower(s);
            long width = layout.slotUpper(s) - lower + 1;
            if (lower >= 32) {
                assertTrue(width <= lower / 32.0 + 1, "slot " + s + " from " + lower + " is " + width + " wide");
            } else {
                assertEquals(1, width, "below 32 ns every nanosecond has its own slot");
            }
        }
    }

    @Test
    void bucketCountsAreExactSumsOfSlots() {
        MethodProbe probe = new MethodProbe(BOUNDS, 1);
        long[] durations = {0, 499_999, 500_000, 500_001, 1_000_000, 2_500_001, 250_000_000, 250_000_001,
                10_000_000_000L, 10_000_000_001L, Long.MAX_VALUE / 4};
        for (long d : durations) {
            probe.observe(d);
        }
        assertArrayEquals(new long[] {3, 2, 0, 2, 2, 2}, probe.bucketCounts());
    }

    @Test
    void probesWithTheSameBoundsShareOneLayout() {
        assertTrue(LatencyLayout.of(BOUNDS.clone()) == LatencyLayout.of(BOUNDS.clone()));
    }
}
