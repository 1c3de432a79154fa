package dev.weft.bootstrap;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class MethodProbeTest {

    private static final long[] BOUNDS = {100, 1_000, 10_000};

    // ---- histogram ----

    @Test
    void durationEqualToABoundLandsInThatBucket() {
        MethodProbe probe = new MethodProbe(BOUNDS, 4);

        probe.observe(100);
        probe.observe(1_000);
        probe.observe(10_000);

        assertArrayEquals(new long[] {1, 1, 1, 0}, probe.bucketCounts());
    }

    @Test
    void durationJustAboveABoundLandsInTheNextBucket() {
        MethodProbe probe = new MethodProbe(BOUNDS, 4);

        probe.observe(0);
        probe.observe(101);
        probe.observe(1_001);

        assertArrayEquals(new long[] {1, 1, 1, 0}, probe.bucketCounts());
    }

    @Test
    void durationAboveTheLastBoundLandsInInf() {
        MethodProbe probe = new MethodProbe(BOUNDS, 4);

        probe.observe(10_001);
        probe.observe(Long.MAX_VALUE / 2);

        assertArrayEquals(new long[] {0, 0, 0, 2}, probe.bucketCounts());
    }

    @Test
    void sumAddsEveryObservation() {
        MethodProbe probe = new MethodProbe(BOUNDS, 4);

        probe.observe(7);
        probe.observe(1_500);
        probe.observe(20_000);

        assertEquals(21_507, probe.sumNanos());
        assertEquals(0, probe.untimedCalls(), "observe() feeds the histogram, not the untimed counter");
    }

    @Test
    void boundsAreCopiedInAndOut() {
        long[] bounds = {5, 50};
        MethodProbe probe = new MethodProbe(bounds, 4);
        bounds[0] = 500;

        long[] read = probe.upperBoundsNanos();
        read[1] = 1;

        assertArrayEquals(new long[] {5, 50}, probe.upperBoundsNanos());
        probe.observe(5);
        assertArrayEquals(new long[] {1, 0, 0}, probe.bucketCounts());
    }

    // ---- through Probes.enter / exit ----

    @Test
    void countOnlyCountsCallsWithoutTiming() {
        MethodProbe probe = new MethodProbe(BOUNDS, 4);
        int id = Probes.register(probe);

        for (int i = 0; i < 3; i++) {
            long start = Probes.enter(id, Probes.COUNT);
            assertEquals(1L, start, "no clock read without TIMER, and not the value of an entry cut short");
            Probes.exit(id, Probes.COUNT, start, null);
        }

        assertEquals(3, probe.untimedCalls());
        assertArrayEquals(new long[] {0, 0, 0, 0}, probe.bucketCounts());
        assertEquals(0, probe.sumNanos());
    }

    @Test
    void timerFeedsTheHistogramInsteadOfTheCallCounter() {
        MethodProbe probe = new MethodProbe(BOUNDS, 4);
        int id = Probes.register(probe);
        int flags = Probes.TIMER | Probes.COUNT;

        long start = Probes.enter(id, flags);
        Probes.exit(id, flags, start, null);

        assertEquals(1, total(probe.bucketCounts()));
        assertEquals(0, probe.untimedCalls());
    }

    @Test
    void inflightGoesUpOnEnterAndDownOnExit() {
        MethodProbe probe = new MethodProbe(BOUNDS, 4);
        int id = Probes.register(probe);
        int flags = Probes.INFLIGHT;

        long first = Probes.enter(id, flags);
        assertEquals(1, probe.inflight());
        long second = Probes.enter(id, flags);
        assertEquals(2, probe.inflight());

        Probes.exit(id, flags, second, null);
        assertEquals(1, probe.inflight());
        Probes.exit(id, flags, first, new IllegalStateException("exceptional exit also leaves"));
        assertEquals(0, probe.inflight());
    }

    @Test
    void anExitWhoseEntryWasCutShortRecordsNothing() {
        MethodProbe probe = new MethodProbe(BOUNDS, 4);
        int id = Probes.register(probe);
        int flags = Probes.TIMER | Probes.INFLIGHT | Probes.ERRORS;
        // A stack overflow can stop the woven entry before it ran: the exit then holds NOT_ENTERED.
        Probes.exit(id, flags, Probes.NOT_ENTERED, new StackOverflowError());
        Probes.exitCapturing(id, flags, Probes.NOT_ENTERED, new StackOverflowError(), new Object[0], null);
        assertEquals(0, probe.inflight(), "never taken down below zero");
        assertEquals(0, probe.calls(), "no call of half a measurement");
        assertEquals(0, probe.sumNanos());
        long[] errors = {0};
        probe.errors().forEach((type, count) -> errors[0] += count);
        assertEquals(0, errors[0]);
    }

    @Test
    void inflightIsNotTrackedWithoutTheFlag() {
        MethodProbe probe = new MethodProbe(BOUNDS, 4);
        int id = Probes.register(probe);

        long start = Probes.enter(id, Probes.COUNT);
        assertEquals(0, probe.inflight());
        Probes.exit(id, Probes.COUNT, start, null);
        assertEquals(0, probe.inflight());
    }

    @Test
    void probesAreFoundByTheirId() {
        MethodProbe a = new MethodProbe(BOUNDS, 4);
        MethodProbe b = new MethodProbe(BOUNDS, 4);
        int idA = Probes.register(a);
        int idB = Probes.register(b);

        assertEquals(idA + 1, idB);
        assertEquals(a, Probes.get(idA));
        assertEquals(b, Probes.get(idB));
    }

    @Test
    void tableGrowsPastItsInitialSize() {
        List<MethodProbe> probes = new ArrayList<>();
        List<Integer> ids = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
            MethodProbe probe = new MethodProbe(BOUNDS, 1);
            probes.add(probe);
            ids.add(Probes.register(probe));
        }
        for (int i = 0; i < probes.size(); i++) {
            assertEquals(probes.get(i), Probes.get(ids.get(i)));
        }
        int last = ids.get(ids.size() - 1);
        Probes.exit(last, Probes.COUNT, Probes.enter(last, Probes.COUNT), null);
        assertEquals(1, probes.get(probes.size() - 1).untimedCalls());
    }

    // ---- errors ----

    static final class FirstFailure extends RuntimeException {
    }

    static final class SecondFailure extends RuntimeException {
    }

    static final class ThirdFailure extends RuntimeException {
    }

    static final class FourthFailure extends Exception {
    }

    @Test
    void errorsAreCountedByExceptionClassNameInFirstSeenOrder() {
        MethodProbe probe = new MethodProbe(BOUNDS, 8);
        int id = Probes.register(probe);
        int flags = Probes.ERRORS;

        throwThrough(id, flags, new SecondFailure());
        throwThrough(id, flags, new FirstFailure());
        throwThrough(id, flags, new SecondFailure());
        Probes.exit(id, flags, Probes.enter(id, flags), null); // a normal return is no error

        assertEquals(List.of(count(SecondFailure.class, 2), count(FirstFailure.class, 1)), errors(probe));
    }

    @Test
    void errorsAreNotCountedWithoutTheFlag() {
        MethodProbe probe = new MethodProbe(BOUNDS, 8);
        int id = Probes.register(probe);

        throwThrough(id, Probes.TIMER | Probes.COUNT, new FirstFailure());

        assertEquals(List.of(), errors(probe));
        assertEquals(1, total(probe.bucketCounts()), "the exceptional call is still timed");
    }

    @Test
    void exceptionClassesPastTheCapAreCountedAsOther() {
        MethodProbe probe = new MethodProbe(BOUNDS, 2);
        int id = Probes.register(probe);
        int flags = Probes.ERRORS;

        throwThrough(id, flags, new FirstFailure());
        throwThrough(id, flags, new SecondFailure());
        throwThrough(id, flags, new ThirdFailure());
        throwThrough(id, flags, new FourthFailure());
        throwThrough(id, flags, new ThirdFailure());
        throwThrough(id, flags, new FirstFailure()); // already has its own cell: not "other"

        assertEquals(List.of(count(FirstFailure.class, 2), count(SecondFailure.class, 1), "other=3"),
                errors(probe));
    }

    @Test
    void anonymousSubclassesAreDistinctClasses() {
        MethodProbe probe = new MethodProbe(BOUNDS, 1);
        int id = Probes.register(probe);
        RuntimeException first = new RuntimeException() {
        };
        RuntimeException second = new RuntimeException() {
        };

        throwThrough(id, Probes.ERRORS, first);
        throwThrough(id, Probes.ERRORS, second);
        throwThrough(id, Probes.ERRORS, first);

        assertEquals(List.of(count(first.getClass(), 2), "other=1"), errors(probe));
    }

    @Test
    void overflowIsNotReportedWhileUnused() {
        MethodProbe probe = new MethodProbe(BOUNDS, 1);
        int id = Probes.register(probe);

        throwThrough(id, Probes.ERRORS, new FirstFailure());

        assertEquals(List.of(count(FirstFailure.class, 1)), errors(probe));
    }

    // ---- concurrency ----

    @Test
    void countsAreExactUnderContention() throws Exception {
        MethodProbe probe = new MethodProbe(BOUNDS, 4);
        int id = Probes.register(probe);
        int flags = Probes.COUNT | Probes.INFLIGHT;

        runConcurrently(4, 250_000, () -> Probes.exit(id, flags, Probes.enter(id, flags), null));

        assertEquals(1_000_000, probe.untimedCalls());
        assertEquals(0, probe.inflight());
    }

    @Test
    void histogramCountIsExactUnderContention() throws Exception {
        MethodProbe probe = new MethodProbe(BOUNDS, 4);
        int id = Probes.register(probe);
        int flags = Probes.TIMER | Probes.ERRORS;
        FirstFailure failure = new FirstFailure();

        runConcurrently(4, 250_000, () -> Probes.exit(id, flags, Probes.enter(id, flags), failure));

        assertEquals(1_000_000, total(probe.bucketCounts()));
        assertEquals(List.of(count(FirstFailure.class, 1_000_000)), errors(probe));
    }

    // ---- helpers ----

    private static void throwThrough(int id, int flags, Throwable thrown) {
        long start = Probes.enter(id, flags);
        Probes.exit(id, flags, start, thrown);
    }

    private static void runConcurrently(int threads, int callsPerThread, Runnable call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                futures.add(pool.submit(() -> {
                    go.await();
                    for (int i = 0; i < callsPerThread; i++) {
                        call.run();
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> future : futures) {
                future.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** The error counts as "class=count" in the order the probe reports them. */
    private static List<String> errors(MethodProbe probe) {
        List<String> seen = new ArrayList<>();
        probe.errors().forEach((type, count) -> seen.add(type + "=" + count));
        return seen;
    }

    private static String count(Class<?> type, long count) {
        return type.getName() + "=" + count;
    }

    private static long total(long[] counts) {
        long total = 0;
        for (long c : counts) {
            total += c;
        }
        return total;
    }
}
