package dev.weft.bench.overhead;

import bench.overhead.MonitoredTarget;

import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.CyclicBarrier;

/**
 * The measured JVM of {@link OverheadBenchmark}: threads that call {@link MonitoredTarget#recurse}
 * (or {@link MonitoredTarget#recurseAsync}) in a loop. The loop itself is not monitored. Each
 * thread times batches of operations; after the warm-up every batch's time per operation is kept.
 *
 * <p>{@code java ... OverheadHarness <threads> <depth> <warmup ms> <measure ms> recurse|recurseAsync [clock]}
 * prints {@code result <mean ns/op> <median ns/op> <operations>}, over all threads' batches.
 */
public final class OverheadHarness {

    /** Operations per timed batch: long enough that the two clock reads around it do not matter. */
    static final int BATCH = 1000;

    /** Keeps the JIT from dropping the calls. */
    static volatile int sink;

    private OverheadHarness() {
    }

    public static void main(String[] args) throws Exception {
        int threads = Integer.parseInt(args[0]);
        int depth = Integer.parseInt(args[1]);
        long warmupNanos = Long.parseLong(args[2]) * 1_000_000;
        long measureNanos = Long.parseLong(args[3]) * 1_000_000;
        boolean async = args[4].equals("recurseAsync");

        CyclicBarrier start = new CyclicBarrier(threads);
        Worker[] workers = new Worker[threads];
        for (int i = 0; i < threads; i++) {
            workers[i] = new Worker(depth, async, warmupNanos, measureNanos, start);
            workers[i].start();
        }
        double[] all = new double[0];
        long operations = 0;
        for (Worker worker : workers) {
            worker.join();
            double[] perOp = worker.nanosPerOperation();
            int from = all.length;
            all = Arrays.copyOf(all, from + perOp.length);
            System.arraycopy(perOp, 0, all, from, perOp.length);
            operations += (long) perOp.length * BATCH;
        }
        Arrays.sort(all);
        double mean = Arrays.stream(all).average().orElse(Double.NaN);
        double median = all.length == 0 ? Double.NaN : all[all.length / 2];
        System.out.printf(Locale.ROOT, "result %.3f %.3f %d%n", mean, median, operations);
        if (args.length > 5 && args[5].equals("clock")) {
            System.out.printf(Locale.ROOT, "clock %.3f%n", clockNanos());
        }
    }

    /** What one {@code System.nanoTime()} costs here: a timer reads the clock twice per call. */
    static double clockNanos() {
        double best = Double.MAX_VALUE;
        for (int round = 0; round < 5; round++) {
            long acc = 0;
            long start = System.nanoTime();
            for (int i = 0; i < 20_000_000; i++) {
                acc += System.nanoTime();
            }
            best = Math.min(best, (System.nanoTime() - start) / 20_000_000.0);
            sink = (int) acc;
        }
        return best;
    }

    private static final class Worker extends Thread {
        private final int depth;
        private final boolean async;
        private final long warmupNanos;
        private final long measureNanos;
        private final CyclicBarrier start;
        private long[] batchNanos = new long[1 << 16];
        private int batches;

        Worker(int depth, boolean async, long warmupNanos, long measureNanos, CyclicBarrier start) {
            super("caller");
            this.depth = depth;
            this.async = async;
            this.warmupNanos = warmupNanos;
            this.measureNanos = measureNanos;
            this.start = start;
        }

        @Override
        public void run() {
            MonitoredTarget target = new MonitoredTarget();
            try {
                start.await();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            long began = System.nanoTime();
            long measureFrom = began + warmupNanos;
            long end = measureFrom + measureNanos;
            int sum = 0;
            while (true) {
                long batchStart = System.nanoTime();
                if (batchStart >= end) {
                    break;
                }
                if (async) {
                    for (int i = 0; i < BATCH; i++) {
                        sum += target.recurseAsync(depth).getNow(0);
                    }
                } else {
                    for (int i = 0; i < BATCH; i++) {
                        sum += target.recurse(depth);
                    }
                }
                long took = System.nanoTime() - batchStart;
                if (batchStart >= measureFrom) {
                    record(took);
                }
            }
            sink = sum;
        }

        private void record(long nanos) {
            if (batches == batchNanos.length) {
                batchNanos = Arrays.copyOf(batchNanos, batches * 2);
            }
            batchNanos[batches++] = nanos;
        }

        double[] nanosPerOperation() {
            double[] perOp = new double[batches];
            for (int i = 0; i < batches; i++) {
                perOp[i] = (double) batchNanos[i] / BATCH;
            }
            return perOp;
        }
    }
}
