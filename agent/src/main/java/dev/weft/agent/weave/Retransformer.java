package dev.weft.agent.weave;

import dev.weft.agent.support.WeftLog;
import dev.weft.agent.metrics.MethodMetrics;

import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.List;

/**
 * Retransforms loaded classes in batches. Each {@code retransformClasses} call swaps its classes in
 * one stop-the-world safepoint, so batches bound how long any one stop lasts however many classes a
 * change touches; they are not made small, because every stop also has a fixed cost.
 */
final class Retransformer {

    /** Breathing room for the application's threads between batches. */
    private static final long PAUSE_BETWEEN_BATCHES_MILLIS = 1;

    private final Instrumentation inst;
    private final MethodMetrics metrics;
    private final int batchSize;

    Retransformer(Instrumentation inst, MethodMetrics metrics, int batchSize) {
        this.inst = inst;
        this.metrics = metrics;
        this.batchSize = batchSize;
    }

    RetransformReport retransform(List<Class<?>> classes) {
        Timings timings = new Timings();
        int failed = 0;
        for (int from = 0; from < classes.size(); from += batchSize) {
            List<Class<?>> batch = classes.subList(from, Math.min(classes.size(), from + batchSize));
            if (timings.calls > 0) {
                pause();
            }
            if (!timings.time(batch)) {
                // The JVM refuses a batch as a whole; retry one by one so one bad class costs only itself.
                for (Class<?> type : batch) {
                    if (!timings.time(List.of(type))) {
                        failed++;
                    }
                }
            }
        }
        return new RetransformReport(classes.size(), timings.calls, timings.longest, timings.total, failed);
    }

    /** Every retransformation call of one change, timed. */
    private final class Timings {
        int calls;
        long longest;
        long total;

        boolean time(List<Class<?>> batch) {
            long start = System.nanoTime();
            boolean ok = retransformBatch(batch);
            long took = System.nanoTime() - start;
            calls++;
            longest = Math.max(longest, took);
            total += took;
            return ok;
        }
    }

    /** Retransforms, or restores what the classes were committed as when the JVM refuses. */
    private boolean retransformBatch(List<Class<?>> batch) {
        List<List<MethodMetrics.WovenMethod>> before = new ArrayList<>(batch.size());
        for (Class<?> type : batch) {
            before.add(metrics.wovenIn(type.getClassLoader(), type.getName()));
        }
        try {
            inst.retransformClasses(batch.toArray(new Class<?>[0]));
            return true;
        } catch (Throwable e) {
            for (int i = 0; i < batch.size(); i++) {
                Class<?> type = batch.get(i);
                metrics.commit(type.getClassLoader(), type.getName(), before.get(i));
            }
            if (batch.size() == 1) {
                WeftLog.warnOnce("retransform:" + batch.get(0).getName(), "could not retransform "
                        + batch.get(0).getName() + "; it stays as it was: " + e);
            }
            return false;
        }
    }

    private static void pause() {
        try {
            Thread.sleep(PAUSE_BETWEEN_BATCHES_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
