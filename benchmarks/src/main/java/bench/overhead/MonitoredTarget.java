package bench.overhead;

import java.util.concurrent.CompletableFuture;

/**
 * The monitored methods of the MooBench-style benchmark: each calls itself until the depth is
 * reached and returns, so one operation is {@code depth} monitored calls. Outside {@code dev.weft},
 * because Weft never weaves its own packages.
 */
public class MonitoredTarget {

    /**
     * Futures completed before the benchmark starts, one per result {@link #recurseAsync} can have,
     * so that the method allocates nothing of its own and what a woven call costs more is Weft's.
     */
    private static final CompletableFuture<Integer>[] COMPLETED = completedUpTo(64);

    public int recurse(int depth) {
        if (depth <= 1) {
            return 1;
        }
        return recurse(depth - 1) + 1;
    }

    /**
     * {@link #recurse} as a method declared to return a future, which Weft times until the future
     * completes: each level reads the completed result of the one below and returns a shared
     * completed future holding its own. Depths above 64 are not supported.
     */
    public CompletableFuture<Integer> recurseAsync(int depth) {
        if (depth <= 1) {
            return COMPLETED[1];
        }
        return COMPLETED[recurseAsync(depth - 1).getNow(0) + 1];
    }

    @SuppressWarnings("unchecked")
    private static CompletableFuture<Integer>[] completedUpTo(int max) {
        CompletableFuture<Integer>[] futures = new CompletableFuture[max + 1];
        for (int i = 0; i < futures.length; i++) {
            futures[i] = CompletableFuture.completedFuture(i);
        }
        return futures;
    }
}
