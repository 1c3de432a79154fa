package dev.weft.bench.alloc;

import dev.weft.bench.Stats;
import dev.weft.bench.overhead.OverheadBenchmark;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Allocation per monitored call, from JMH's GC profiler ({@code gc.alloc.rate.norm}: bytes the
 * benchmark thread allocated per operation), one forked JVM per configuration. Weft's metrics-only
 * advice must allocate nothing; on a method that returns a future it costs one callback per call.
 */
public final class AllocationBenchmark {

    /** What one configuration measured: JMH's time per operation with its error, and bytes per operation. */
    public record Row(OverheadBenchmark.Case c, double nsPerOp, double nsError, double bytesPerOp) {
        public double bytesPerCall() {
            return bytesPerOp / OverheadBenchmark.DEPTH;
        }
    }

    private final List<OverheadBenchmark.Case> cases;
    private final int iterations;
    private final int secondsPerIteration;
    private final List<Row> rows = new ArrayList<>();

    public AllocationBenchmark(List<OverheadBenchmark.Case> cases, int iterations, int secondsPerIteration) {
        this.cases = cases;
        this.iterations = iterations;
        this.secondsPerIteration = secondsPerIteration;
    }

    public AllocationBenchmark run() throws Exception {
        for (OverheadBenchmark.Case c : cases) {
            Options options = new OptionsBuilder()
                    .include(Pattern.quote(MonitoredCallBenchmark.class.getName() + "." + c.method().methodName()) + "$")
                    .forks(1)
                    .warmupIterations(iterations)
                    .warmupTime(TimeValue.seconds(secondsPerIteration))
                    .measurementIterations(iterations)
                    .measurementTime(TimeValue.seconds(secondsPerIteration))
                    .jvmArgsAppend(c.setup().jvmArgs().toArray(new String[0]))
                    .addProfiler(GCProfiler.class)
                    .verbosity(VerboseMode.SILENT)
                    .build();
            RunResult result = new Runner(options).runSingle();
            Result<?> time = result.getPrimaryResult();
            Result<?> bytes = result.getSecondaryResults().get("gc.alloc.rate.norm");
            if (bytes == null) {
                throw new IllegalStateException("JMH's GC profiler gave no gc.alloc.rate.norm for " + c.key());
            }
            Row row = new Row(c, time.getScore(), time.getScoreError(), bytes.getScore());
            rows.add(row);
            System.err.printf("alloc: %s: %.1f ns/op, %.2f B/op%n", c.key(), row.nsPerOp(), row.bytesPerOp());
        }
        return this;
    }

    public List<Row> rows() {
        return rows;
    }

    private static String target(Row row) {
        if (List.of("count", "timer", "inflight", "unmatched").contains(row.c().key())) {
            return row.bytesPerCall() < 0.5 ? "0 B: met" : "0 B: **missed**";
        }
        if (row.c().key().equals("async-timer")) {
            // What a stage's call costs beyond the synchronous advice: AsyncCall.exitStage hangs one on the future.
            return "one callback: the `AsyncCall` and the stage `whenComplete` returns";
        }
        return "—";
    }

    public String report() {
        StringBuilder md = new StringBuilder();
        md.append("Allocation per call: JMH ").append(org.openjdk.jmh.util.Version.getPlainVersion())
                .append(" with its GC profiler, `recurse(").append(OverheadBenchmark.DEPTH).append(")` per operation, 1 fork per row, ")
                .append(iterations).append(" × ").append(secondsPerIteration).append(" s warm-up and measurement; Java ")
                .append(System.getProperty("java.version")).append(", ").append(Runtime.getRuntime().availableProcessors())
                .append(" cores. Time is JMH's average with its 99.9% error.")
                .append(rows.stream().anyMatch(row -> row.c().method() == OverheadBenchmark.Method.ASYNC)
                        ? " The future-returning rows call `recurseAsync(" + OverheadBenchmark.DEPTH + ")`, which returns a "
                        + "completed `CompletableFuture` shared by all calls at each level." : "")
                .append("\n\n")
                .append("| agent and config | ns per operation | bytes per operation | bytes per monitored call | target |\n")
                .append("|---|---|---|---|---|\n");
        for (Row row : rows) {
            md.append("| ").append(row.c().setup().name()).append(" | ")
                    .append(Stats.fmt(row.nsPerOp())).append(" ± ").append(Stats.fmt(row.nsError())).append(" | ")
                    .append(Stats.fmt(row.bytesPerOp())).append(" | ").append(Stats.fmt(row.bytesPerCall())).append(" | ")
                    .append(target(row)).append(" |\n");
        }
        return md.toString();
    }
}
