package dev.weft.bench.alloc;

import bench.overhead.MonitoredTarget;
import dev.weft.bench.overhead.OverheadBenchmark;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The JMH side of the per-call benchmark: one operation is {@code recurse(10)} (or
 * {@code recurseAsync(10)}), ten monitored calls. Run by {@link AllocationBenchmark} with each agent
 * on the forked JVM's command line, one of the two benchmarks per case.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class MonitoredCallBenchmark {

    private final MonitoredTarget target = new MonitoredTarget();

    @Benchmark
    public int recurse() {
        return target.recurse(OverheadBenchmark.DEPTH);
    }

    @Benchmark
    public CompletableFuture<Integer> recurseAsync() {
        return target.recurseAsync(OverheadBenchmark.DEPTH);
    }
}
