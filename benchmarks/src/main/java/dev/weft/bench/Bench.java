package dev.weft.bench;

import dev.weft.bench.alloc.AllocationBenchmark;
import dev.weft.bench.overhead.OverheadBenchmark;
import dev.weft.bench.reload.ReloadPauseBenchmark;
import dev.weft.bench.scrape.ScrapeBenchmark;
import dev.weft.bench.service.ServiceBenchmark;
import dev.weft.bench.startup.StartupBenchmark;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code java -jar benchmarks.jar <benchmark> [--option value ...]}; bin/bench runs them all and
 * puts the reports in benchmarks/results/ and the README.
 *
 * <p>Options: {@code --agent weft-agent.jar} (required), {@code --otel jar}, {@code --elastic jar}
 * (competitors, optional), {@code --app orders.jar} (the test app, for startup and service),
 * {@code --spring clinic-mvc.jar} (the Spring Boot test app, for startup; without it, no Spring Boot rows),
 * {@code --out dir} (default benchmarks/results), {@code --quick true} (a short smoke run).
 */
public final class Bench {

    private static final String USAGE = "usage: java -jar benchmarks.jar overhead|alloc|startup|service|scrape|reload "
            + "--agent weft-agent.jar [--otel jar] [--elastic jar] [--app orders.jar] [--spring clinic-mvc.jar] [--out dir] [--quick true]\n"
            + "       java -jar benchmarks.jar readme README.md results-dir";

    private Bench() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            fail(USAGE);
        }
        if (args[0].equals("reload")) {
            ReloadPauseBenchmark.main(Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        if (args[0].equals("readme") && args.length == 3) {
            ReadmeTables.update(Paths.get(args[1]), Paths.get(args[2]));
            return;
        }
        Map<String, String> options = new HashMap<>();
        for (int i = 1; i + 1 < args.length; i += 2) {
            options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        if (!options.containsKey("agent")) {
            fail(USAGE);
        }
        Path out = Paths.get(options.getOrDefault("out", "benchmarks/results"));
        Files.createDirectories(out);
        String report = run(args[0], options, out);
        System.out.print(report);
        Files.writeString(out.resolve(args[0] + ".md"), report);
    }

    /** Runs one benchmark and returns its Markdown report. */
    public static String run(String benchmark, Map<String, String> options, Path out) throws Exception {
        boolean quick = Boolean.parseBoolean(options.getOrDefault("quick", "false"));
        Path work = Files.createTempDirectory("weft-bench");
        try (DropReceiver receiver = new DropReceiver()) {
            Agents agents = new Agents(Paths.get(options.get("agent")), path(options.get("otel")),
                    path(options.get("elastic")), work);
            Path app = path(options.getOrDefault("app", "test-apps/orders/target/orders.jar"));
            switch (benchmark) {
                case "overhead": {
                    OverheadBenchmark bench = new OverheadBenchmark(
                            OverheadBenchmark.standardCases(agents, receiver.endpoint()),
                            quick ? new OverheadBenchmark.Options(new int[] {1, 2}, 1, 300, 500)
                                    : new OverheadBenchmark.Options(new int[] {1, 2}, 3, 5_000, 10_000)).run();
                    String chart = Chart.bars(bench.chartData(), new String[] {"1 thread", "2 threads"},
                            "Added cost per monitored call (ns, log scale; lower is better)", "ns per call",
                            out.resolve("per-call.png"));
                    return bench.report(agents.describeFlags()) + "\n" + chart + "\n";
                }
                case "alloc": {
                    List<OverheadBenchmark.Case> cases = new ArrayList<>();
                    for (OverheadBenchmark.Case c : OverheadBenchmark.standardCases(agents, receiver.endpoint())) {
                        if (!quick || List.of("baseline", "timer", "async-baseline", "async-timer").contains(c.key())) {
                            cases.add(c);
                        }
                    }
                    return new AllocationBenchmark(cases, quick ? 1 : 3, 1).run().report() + "\n" + agents.describeFlags();
                }
                case "startup":
                    return new StartupBenchmark(agents, app, path(options.get("spring")), receiver.endpoint(),
                            quick ? 1 : 7).run().report(agents.describeFlags());
                case "service":
                    return new ServiceBenchmark(agents, app, receiver.endpoint(),
                            quick ? new ServiceBenchmark.Options(1, 1, 1, 4)
                                    : new ServiceBenchmark.Options(3, 5, 10, 4)).run().report(agents.describeFlags());
                case "scrape":
                    return new ScrapeBenchmark(agents, quick ? new int[] {100} : new int[] {100, 1_000, 10_000},
                            quick ? 5 : 50).run(work).report();
                default:
                    fail(USAGE);
                    return "";
            }
        } finally {
            ChildJvm.deleteTree(work);
        }
    }

    private static Path path(String value) {
        return value == null || value.isEmpty() ? null : Paths.get(value);
    }

    private static void fail(String message) {
        System.err.println(message);
        System.exit(2);
    }
}
