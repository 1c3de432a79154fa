package dev.weft.bench.overhead;

import dev.weft.bench.AgentSetup;
import dev.weft.bench.Agents;
import dev.weft.bench.ChildJvm;
import dev.weft.bench.Stats;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Per-call overhead, the way Kieker's MooBench measures it: {@link OverheadHarness} calls a method
 * that recurses to depth 10, in a loop that is not monitored, once with no agent (the baseline) and
 * once per agent configuration, each in its own JVM, with the same JDK and flags. The added cost of
 * one monitored call is (time per operation − baseline) / depth.
 */
public final class OverheadBenchmark {

    public static final int DEPTH = 10;
    private static final String TARGET_CLASS = "bench.overhead.MonitoredTarget";

    /** Which method of {@code MonitoredTarget} a case calls, and the baseline its added cost is measured against. */
    public enum Method {
        /** {@code recurse}: returns an {@code int}. */
        SYNC("recurse", "baseline"),
        /** {@code recurseAsync}: returns a completed {@code CompletableFuture}, timed until it completes. */
        ASYNC("recurseAsync", "async-baseline");

        private final String methodName;
        private final String baselineKey;

        Method(String methodName, String baselineKey) {
            this.methodName = methodName;
            this.baselineKey = baselineKey;
        }

        public String methodName() {
            return methodName;
        }

        public String baselineKey() {
            return baselineKey;
        }
    }

    /**
     * One configuration measured.
     *
     * @param targetNs the added nanoseconds per call it should stay under, or null for none
     */
    public record Case(String key, AgentSetup setup, Double targetNs, String targetText, Method method) {
        public Case(String key, AgentSetup setup, Double targetNs, String targetText) {
            this(key, setup, targetNs, targetText, Method.SYNC);
        }
    }

    /** What one JVM measured: nanoseconds per operation (all {@code DEPTH} calls). */
    record Sample(double meanNs, double medianNs) {
    }

    public record Options(int[] threads, int runs, long warmupMillis, long measureMillis) {
    }

    private final List<Case> cases;
    private final Options options;
    /** Samples per case key and thread count, one per run. */
    private final Map<String, List<Sample>> samples = new LinkedHashMap<>();
    /** What one System.nanoTime() costs, measured in each baseline JVM. */
    private final List<Double> clockNanos = new ArrayList<>();

    public OverheadBenchmark(List<Case> cases, Options options) {
        this.cases = cases;
        this.options = options;
    }

    /**
     * The configurations of the issue: baseline, Weft's record sets and spans, the same on the method
     * that returns a future (against a baseline of its own), and the competitors.
     */
    public static List<Case> standardCases(Agents agents, String otlpEndpoint) throws IOException {
        List<Case> cases = new ArrayList<>();
        cases.add(new Case("baseline", AgentSetup.none(), null, "—"));
        cases.add(new Case("unmatched", agents.weft("Weft, selector matches nothing", selector("bench.overhead.Nothing", "[timer, errors]", "", Method.SYNC)),
                0.0, "≈ 0 (within the baseline's spread)"));
        cases.add(new Case("count", agents.weft("Weft `record: [count]`", selector(TARGET_CLASS, "[count]", "", Method.SYNC)), 15.0, "≤ 15"));
        cases.add(new Case("timer", agents.weft("Weft `record: [timer, errors]`", selector(TARGET_CLASS, "[timer, errors]", "", Method.SYNC)),
                80.0, "≤ 80"));
        cases.add(new Case("inflight", agents.weft("Weft `record: [timer, errors, inflight]`",
                selector(TARGET_CLASS, "[timer, errors, inflight]", "", Method.SYNC)), null, "—"));
        cases.add(new Case("sampled", agents.weft("Weft `[timer, errors]` + `trace: true`, sampled (ratio 1)",
                traced(otlpEndpoint, "1.0", Method.SYNC)), 400.0, "≤ 400"));
        cases.add(new Case("unsampled", agents.weft("Weft `[timer, errors]` + `trace: true`, unsampled (ratio 0)",
                traced(otlpEndpoint, "0.0", Method.SYNC)), 120.0, "≤ 120"));
        cases.add(new Case("async-baseline", new AgentSetup("no agent (baseline), future-returning method", "none", List.of()),
                null, "—", Method.ASYNC));
        cases.add(new Case("async-timer", agents.weft("Weft `record: [timer, errors]`, future-returning method",
                selector(TARGET_CLASS, "[timer, errors]", "", Method.ASYNC)), null, "—", Method.ASYNC));
        cases.add(new Case("async-sampled", agents.weft("Weft `[timer, errors]` + `trace: true`, sampled (ratio 1), future-returning method",
                traced(otlpEndpoint, "1.0", Method.ASYNC)), null, "—", Method.ASYNC));
        AgentSetup otel = agents.otel("OpenTelemetry agent, `methods.include`", TARGET_CLASS + "[recurse]", true);
        if (otel != null) {
            cases.add(new Case("otel", otel, null, "—"));
        }
        AgentSetup elastic = agents.elastic("Elastic APM agent, `trace_methods`", TARGET_CLASS + "#recurse");
        if (elastic != null) {
            cases.add(new Case("elastic", elastic, null, "—"));
        }
        return cases;
    }

    static String selector(String className, String record, String extra, Method method) {
        return """
                instrument:
                  - name: moo
                    class: %s
                    methods: [%s]
                    record: %s
                %s""".formatted(className, method.methodName(), record, extra);
    }

    private static String traced(String otlpEndpoint, String ratio, Method method) {
        return selector(TARGET_CLASS, "[timer, errors]", """
                    trace: true
                tracing:
                  sampler:
                    ratio: %s
                exporters:
                  otlp:
                    endpoint: %s
                """.formatted(ratio, otlpEndpoint), method);
    }

    /** Runs every case with every thread count, runs interleaved so drift hits all alike. */
    public OverheadBenchmark run() throws Exception {
        for (int run = 0; run < options.runs(); run++) {
            for (Case c : cases) {
                for (int threads : options.threads()) {
                    Sample sample = measure(c, threads);
                    samples.computeIfAbsent(c.key() + "/" + threads, k -> new ArrayList<>()).add(sample);
                    System.err.printf("overhead: %s, %d thread(s), run %d: %.1f ns/op%n", c.key(), threads, run + 1,
                            sample.meanNs());
                }
            }
        }
        return this;
    }

    private Sample measure(Case c, int threads) throws Exception {
        boolean clock = c.key().equals("baseline") && threads == options.threads()[0];
        List<String> rest = List.of("-cp", ChildJvm.selfClassPath().toString(), OverheadHarness.class.getName(),
                Integer.toString(threads), Integer.toString(DEPTH), Long.toString(options.warmupMillis()),
                Long.toString(options.measureMillis()), c.method().methodName(), clock ? "clock" : "");
        try (ChildJvm jvm = ChildJvm.start(c.setup().jvmArgs(), rest)) {
            long timeout = (options.warmupMillis() + options.measureMillis()) / 1000 + 120;
            String[] result = jvm.expect("result ", timeout).split(" ");
            if (clock) {
                clockNanos.add(Double.parseDouble(jvm.expect("clock ", 60).split(" ")[1]));
            }
            return new Sample(Double.parseDouble(result[1]), Double.parseDouble(result[2]));
        }
    }

    // ---- figures ----

    private double[] means(String key, int threads) {
        return samples.get(key + "/" + threads).stream().mapToDouble(Sample::meanNs).toArray();
    }

    private double[] medians(String key, int threads) {
        return samples.get(key + "/" + threads).stream().mapToDouble(Sample::medianNs).toArray();
    }

    /** Added nanoseconds per monitored call, one per run, against the median of the baseline of the same method. */
    public double[] addedPerCall(String key, int threads, boolean median) {
        double[] values = median ? medians(key, threads) : means(key, threads);
        String baselineKey = byKey(key).method().baselineKey();
        double baseline = Stats.median(median ? medians(baselineKey, threads) : means(baselineKey, threads));
        double[] added = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            added[i] = (values[i] - baseline) / DEPTH;
        }
        return added;
    }

    private boolean hasAsync() {
        return cases.stream().anyMatch(c -> c.method() == Method.ASYNC);
    }

    public boolean has(String key) {
        return samples.containsKey(key + "/" + options.threads()[0]);
    }

    public List<Case> cases() {
        return cases;
    }

    /** The Markdown table and the verdict on each target. */
    public String report(String flags) {
        StringBuilder md = new StringBuilder();
        md.append("Per-call overhead (MooBench-style): `recurse(").append(DEPTH).append(")` called in a loop that is ")
                .append("not monitored; each row its own JVM. Java ").append(System.getProperty("java.version"))
                .append(", ").append(Runtime.getRuntime().availableProcessors()).append(" cores; ")
                .append(options.runs()).append(" JVM(s) per row, each ").append(options.warmupMillis() / 1000.0)
                .append(" s warm-up then ").append(options.measureMillis() / 1000.0).append(" s measured in batches of ")
                .append(OverheadHarness.BATCH).append(" operations; median over the JVMs (min–max).")
                .append(hasAsync() ? " The future-returning rows call `recurseAsync(" + DEPTH + ")`, which returns a completed "
                        + "`CompletableFuture` shared by all calls at each level, and are measured against its own baseline." : "")
                .append("\n\n")
                .append("| agent and config | threads | ns per operation (").append(DEPTH).append(" calls) | added ns per call, mean "
                        + "| added ns per call, median | target (1 thread) | met |\n")
                .append("|---|---|---|---|---|---|---|\n");
        for (Case c : cases) {
            for (int threads : options.threads()) {
                md.append("| ").append(c.setup().name()).append(" | ").append(threads).append(" | ")
                        .append(Stats.spread(means(c.key(), threads))).append(" | ");
                if (c.setup().isBaseline()) {
                    md.append("— | — | — | — |\n");
                    continue;
                }
                double[] added = addedPerCall(c.key(), threads, false);
                md.append(Stats.spread(added)).append(" | ")
                        .append(Stats.spread(addedPerCall(c.key(), threads, true))).append(" | ")
                        .append(threads == options.threads()[0] ? c.targetText() : "").append(" | ")
                        .append(threads == options.threads()[0] ? verdict(c, Stats.median(added)) : "").append(" |\n");
            }
        }
        md.append('\n').append(summary()).append('\n').append(flags);
        return md.toString();
    }

    private String verdict(Case c, double added) {
        if (c.key().equals("unmatched")) {
            double[] base = addedPerCall("baseline", options.threads()[0], false);
            double noise = (Arrays.stream(base).max().orElse(0) - Arrays.stream(base).min().orElse(0));
            return Math.abs(added) <= Math.max(noise, 0.5) ? "yes" : "**no**";
        }
        if (c.targetNs() == null) {
            return "—";
        }
        return added <= c.targetNs() ? "yes" : "**no**";
    }

    private String summary() {
        StringBuilder text = new StringBuilder();
        int one = options.threads()[0];
        double weft = Stats.median(addedPerCall("timer", one, false));
        if (!clockNanos.isEmpty()) {
            double clock = Stats.median(clockNanos.stream().mapToDouble(Double::doubleValue).toArray());
            text.append("- One `System.nanoTime()` costs ").append(Stats.fmt(clock)).append(" ns here (measured in the ")
                    .append("baseline JVMs), so two clock reads, the floor for any timer, cost ").append(Stats.fmt(2 * clock))
                    .append(" ns: Weft `[timer, errors]` adds ").append(Stats.fmt(weft)).append(" ns, ")
                    .append(Stats.fmt(weft - 2 * clock)).append(" ns above that floor.\n");
        }
        if (has("async-timer")) {
            double async = Stats.median(addedPerCall("async-timer", one, false));
            text.append("- Weft `[timer, errors]` on the future-returning method adds ").append(Stats.fmt(async))
                    .append(" ns per call, ").append(Stats.fmt(async - weft)).append(" ns more than on `recurse`: ")
                    .append("the one callback it hangs on the future (an `AsyncCall`, and the stage `whenComplete` returns).\n");
        }
        if (has("otel")) {
            double otel = Stats.median(addedPerCall("otel", one, false));
            text.append("- OpenTelemetry agent / Weft `[timer, errors]`, added cost per call: **")
                    .append(Stats.ratio(otel / weft)).append("×** (target ≥ 8×): ")
                    .append(otel / weft >= 8 ? "met" : "**missed**").append(".\n");
        }
        if (has("elastic")) {
            double elastic = Stats.median(addedPerCall("elastic", one, false));
            text.append("- Elastic APM agent / Weft `[timer, errors]`, added cost per call: **")
                    .append(Stats.ratio(elastic / weft)).append("×**.\n");
        }
        if (options.threads().length > 1) {
            int two = options.threads()[1];
            for (String key : List.of("count", "timer", "sampled")) {
                if (!has(key)) {
                    continue;
                }
                double ratio = Stats.median(addedPerCall(key, two, false)) / Stats.median(addedPerCall(key, one, false));
                text.append("- ").append(name(key)).append(", ").append(two).append(" threads / ").append(one)
                        .append(" thread, added cost per call: **").append(Stats.ratio(ratio)).append("×** (target ≤ 1.5×): ")
                        .append(ratio <= 1.5 ? "met" : "**missed**").append(".\n");
            }
        }
        return text.toString();
    }

    private String name(String key) {
        return byKey(key).setup().name();
    }

    private Case byKey(String key) {
        return cases.stream().filter(c -> c.key().equals(key)).findFirst().orElseThrow();
    }

    /** Labels and 1-thread mean added ns per call of every non-baseline case, for the chart. */
    public Map<String, double[]> chartData() {
        Map<String, double[]> data = new LinkedHashMap<>();
        for (Case c : cases) {
            if (c.setup().isBaseline()) {
                continue;
            }
            double[] values = new double[options.threads().length];
            for (int i = 0; i < values.length; i++) {
                values[i] = Stats.median(addedPerCall(c.key(), options.threads()[i], false));
            }
            data.put(c.setup().name().replace("`", ""), values);
        }
        return data;
    }

    public Options options() {
        return options;
    }
}
