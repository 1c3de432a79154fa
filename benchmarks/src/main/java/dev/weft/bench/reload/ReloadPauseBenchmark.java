package dev.weft.bench.reload;

import dev.weft.bench.ChildJvm;
import dev.weft.bench.Stats;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How long a config change that re-weaves many loaded classes holds the application up. A service
 * ({@link ManyClassesApp}) runs with Weft and N loaded classes; the config is edited to weave all
 * of them, then edited back to weave none. Weft reports its longest retransformation batch; the
 * service reports the longest its own heartbeat thread was stopped. Baseline in the same run: the
 * same change retransformed all at once ({@code retransform-batch=N}).
 */
public final class ReloadPauseBenchmark {

    private static final Pattern RELOADED = Pattern.compile(
            "config reloaded .*; (\\d+) loaded class\\(es\\) retransformed in (\\d+) batch\\(es\\) taking ([0-9.]+) ms, longest ([0-9.]+) ms");
    /** HotSpot's unified log line for each safepoint, e.g. {@code Safepoint "RedefineClasses", ..., Total: 1341 ns}. */
    private static final Pattern REDEFINE_SAFEPOINT = Pattern.compile("Safepoint \"RedefineClasses\".*Total: (\\d+) ns");
    /** Keep equal to the agent's default {@code retransform-batch}. */
    static final int DEFAULT_BATCH = 256;
    private static final long TIMEOUT_SECONDS = 120;
    private static final String NOTHING = """
            instrument:
              - name: generated
                class: bench.gen.Nothing
            """;
    private static final String EVERYTHING = """
            instrument:
              - name: generated
                class: "bench.gen.*"
                record: [timer, count, errors]
            """;

    /**
     * One edit's figures.
     *
     * @param totalMillis        Weft's retransformation work, on its own thread
     * @param longestBatchMillis the longest single retransformation call
     * @param longestStopMillis  the longest stop-the-world safepoint redefining classes: every
     *                           application thread stood still this long
     * @param stallMillis        the longest the service's heartbeat thread went without running
     *                           during the edit (stops, GC and, on few cores, CPU contention)
     * @param idleStallMillis    the same at rest, before the edit, for comparison
     */
    record Sample(int classes, int batches, double totalMillis, double longestBatchMillis, double longestStopMillis,
                  double stallMillis, double idleStallMillis) {
    }

    private ReloadPauseBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path agent = null;
        int classes = 2000;
        int runs = 3;
        int[] batchSizes = {DEFAULT_BATCH, 32};
        Path out = null;
        for (int i = 0; i < args.length - 1; i += 2) {
            switch (args[i]) {
                case "--agent" -> agent = Paths.get(args[i + 1]);
                case "--classes" -> classes = Integer.parseInt(args[i + 1]);
                case "--runs" -> runs = Integer.parseInt(args[i + 1]);
                case "--out" -> out = Paths.get(args[i + 1]);
                case "--batches" -> batchSizes = Arrays.stream(args[i + 1].split(",")).mapToInt(Integer::parseInt).toArray();
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (agent == null || !Files.isRegularFile(agent)) {
            throw new IllegalArgumentException("--agent must name weft-agent.jar");
        }
        String table = run(agent, classes, runs, batchSizes);
        System.out.print(table);
        if (out != null) {
            Files.createDirectories(out.toAbsolutePath().getParent());
            Files.writeString(out, table);
        }
    }

    /**
     * Runs the benchmark with each batch size, then all at once as the baseline, and returns the
     * Markdown report.
     */
    public static String run(Path agent, int classes, int runs, int[] batches) throws Exception {
        Path work = Files.createTempDirectory("weft-reload-bench");
        try {
            Path classDir = work.resolve("classes");
            GeneratedClasses.compile(classDir, classes);
            int[] batchSizes = Arrays.copyOf(batches, batches.length + 1);
            batchSizes[batches.length] = classes;
            List<List<Sample>> weave = new ArrayList<>();
            List<List<Sample>> unweave = new ArrayList<>();
            for (int batch : batchSizes) {
                List<Sample> woven = new ArrayList<>();
                List<Sample> unwoven = new ArrayList<>();
                for (int r = 0; r < runs; r++) {
                    Sample[] samples = oneRun(agent, classDir, work, classes, batch);
                    woven.add(samples[0]);
                    unwoven.add(samples[1]);
                }
                weave.add(woven);
                unweave.add(unwoven);
            }
            return report(classes, runs, batchSizes, weave, unweave);
        } finally {
            ChildJvm.deleteTree(work);
        }
    }

    /** One service: weave everything, then nothing. Returns both samples. */
    private static Sample[] oneRun(Path agent, Path classDir, Path work, int classes, int batch) throws Exception {
        Path config = work.resolve("weft.yaml");
        Files.writeString(config, NOTHING);
        Path safepoints = work.resolve("safepoints-" + batch + "-" + System.nanoTime() + ".log");
        List<String> jvmArgs = List.of("-Xlog:safepoint=info:file=" + safepoints,
                "-javaagent:" + agent + "=config=" + config + ",port=0,watch=100ms,retransform-batch=" + batch);
        List<String> rest = List.of("-cp", ChildJvm.selfClassPath() + java.io.File.pathSeparator + classDir,
                ManyClassesApp.class.getName(), Integer.toString(classes));
        try (ChildJvm app = ChildJvm.start(jvmArgs, rest)) {
            PrintWriter stdin = new PrintWriter(app.process().getOutputStream(), true, StandardCharsets.UTF_8);
            app.expect("ready", TIMEOUT_SECONDS);
            Thread.sleep(2000); // let the JIT settle the worker loop

            ask(stdin, app, "reset");
            Thread.sleep(1000);
            double idle = maxGapMillis(stdin, app);

            Sample woven = edit(config, EVERYTHING, 1, safepoints, stdin, app, idle);
            Thread.sleep(1000);
            ask(stdin, app, "reset");
            Thread.sleep(1000);
            double idleWoven = maxGapMillis(stdin, app);
            Sample unwoven = edit(config, NOTHING, 2, safepoints, stdin, app, idleWoven);
            return new Sample[] {woven, unwoven};
        }
    }

    /** Replaces the config, waits for Weft's n-th reload line, and reads the service's longest stall. */
    private static Sample edit(Path config, String yaml, int nth, Path safepoints, PrintWriter stdin,
                               ChildJvm app, double idle) throws Exception {
        ask(stdin, app, "reset");
        int safepointsBefore = Files.readAllLines(safepoints).size();
        Path next = config.resolveSibling("weft.yaml.new");
        Files.writeString(next, yaml);
        Files.move(next, config, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (true) {
            List<Matcher> reloads = new ArrayList<>();
            for (String line : app.stderr()) {
                Matcher m = RELOADED.matcher(line);
                if (m.find()) {
                    reloads.add(m);
                }
            }
            if (reloads.size() >= nth) {
                Matcher m = reloads.get(nth - 1);
                double stall = maxGapMillis(stdin, app);
                double longestStop = 0;
                List<String> log = Files.readAllLines(safepoints);
                for (String line : log.subList(safepointsBefore, log.size())) {
                    Matcher stop = REDEFINE_SAFEPOINT.matcher(line);
                    if (stop.find()) {
                        longestStop = Math.max(longestStop, Long.parseLong(stop.group(1)) / 1e6);
                    }
                }
                return new Sample(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                        Double.parseDouble(m.group(3)), Double.parseDouble(m.group(4)), longestStop, stall, idle);
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Weft did not reload; its output:\n" + String.join("\n", app.stderr()));
            }
            Thread.sleep(20);
        }
    }

    private static double maxGapMillis(PrintWriter stdin, ChildJvm app) throws InterruptedException {
        String answer = ask(stdin, app, "max");
        return Long.parseLong(answer.substring("max-gap-ns ".length())) / 1e6;
    }

    private static String ask(PrintWriter stdin, ChildJvm app, String command) throws InterruptedException {
        stdin.println(command);
        return app.expect(command.equals("max") ? "max-gap-ns" : command, TIMEOUT_SECONDS);
    }

    static String report(int classes, int runs, int[] batchSizes, List<List<Sample>> weave, List<List<Sample>> unweave) {
        StringBuilder md = new StringBuilder();
        md.append("Reload pause: ").append(classes).append(" loaded classes (4 methods each) woven by one config edit, ")
                .append("then unwoven by another, while a worker thread calls them.\n")
                .append("Java ").append(System.getProperty("java.version")).append(", ")
                .append(Runtime.getRuntime().availableProcessors()).append(" cores, ")
                .append(runs).append(" run(s) per row; median (min–max).\n\n")
                .append("| retransformation | edit | batches | Weft's work, ms | longest batch, ms "
                        + "| longest stop-the-world, ms | longest heartbeat gap, ms | heartbeat gap at rest, ms |\n")
                .append("|---|---|---|---|---|---|---|---|\n");
        for (int i = 0; i < batchSizes.length; i++) {
            String how = i == batchSizes.length - 1 ? "all at once (baseline)"
                    : batchSizes[i] + " classes per batch" + (batchSizes[i] == DEFAULT_BATCH ? " (Weft's default)" : "");
            row(md, how, "weave all", weave.get(i));
            row(md, how, "unweave all", unweave.get(i));
        }
        double batched = Stats.median(stops(weave.get(0), unweave.get(0)));
        double allAtOnce = Stats.median(stops(weave.get(batchSizes.length - 1), unweave.get(batchSizes.length - 1)));
        md.append("\nLongest stop-the-world pause (median over both edits): ").append(Stats.fmt(batched))
                .append(" ms with ").append(batchSizes[0]).append(" classes per batch, ").append(Stats.fmt(allAtOnce))
                .append(" ms all at once; ratio all-at-once / batched ")
                .append(Stats.ratio(allAtOnce / Math.max(batched, 1e-3))).append(".\n");
        return md.toString();
    }

    private static void row(StringBuilder md, String how, String edit, List<Sample> samples) {
        md.append("| ").append(how).append(" | ").append(edit).append(" | ")
                .append(samples.get(0).batches()).append(" | ")
                .append(Stats.spread(samples.stream().mapToDouble(Sample::totalMillis).toArray())).append(" | ")
                .append(Stats.spread(samples.stream().mapToDouble(Sample::longestBatchMillis).toArray())).append(" | ")
                .append(Stats.spread(samples.stream().mapToDouble(Sample::longestStopMillis).toArray())).append(" | ")
                .append(Stats.spread(samples.stream().mapToDouble(Sample::stallMillis).toArray())).append(" | ")
                .append(Stats.spread(samples.stream().mapToDouble(Sample::idleStallMillis).toArray())).append(" |\n");
    }

    private static double[] stops(List<Sample> a, List<Sample> b) {
        double[] all = new double[a.size() + b.size()];
        for (int i = 0; i < a.size(); i++) {
            all[i] = a.get(i).longestStopMillis();
        }
        for (int i = 0; i < b.size(); i++) {
            all[a.size() + i] = b.get(i).longestStopMillis();
        }
        return all;
    }
}
