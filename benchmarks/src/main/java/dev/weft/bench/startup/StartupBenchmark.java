package dev.weft.bench.startup;

import dev.weft.bench.AgentSetup;
import dev.weft.bench.Agents;
import dev.weft.bench.ChildJvm;
import dev.weft.bench.Rounds;
import dev.weft.bench.Stats;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What an agent costs a service before it does anything: time to the first line of a hello-world
 * {@code main}, time until the orders test app answers its first request, the agent's jar size and
 * the app's resident memory once it has answered. Each start is a new JVM; runs are interleaved.
 */
public final class StartupBenchmark {

    /** Ten selectors over the orders app, the kinds users write: classes, wildcards, interfaces, annotations. */
    public static final String TEN_SELECTORS = """
            instrument:
              - {name: checkout, class: acme.orders.OrderService, methods: [placeOrder, "cancel*", find], record: [timer, count, errors, inflight]}
              - {name: repository, implements: acme.orders.OrderRepository, record: [timer, count]}
              - {name: audited, annotated: acme.orders.audit.Audited, record: [count]}
              - {name: pricing, class: "acme.orders.pricing.**"}
              - {name: reports, class: "regex:acme\\\\.orders\\\\.Report.*"}
              - {name: dispatcher, class: acme.orders.Dispatcher}
              - {name: hops, class: acme.orders.HopWork}
              - {name: work, class: acme.orders.WorkUnit}
              - {name: remote, class: acme.orders.RemoteCalls}
              - {name: legacy, class: "acme.orders.legacy.*"}
            """;
    public static final String OTEL_METHODS = "acme.orders.OrderService[placeOrder,find]";
    public static final String ELASTIC_METHODS = "acme.orders.OrderService#placeOrder,acme.orders.OrderService#find";

    record Start(double helloFirstLineMs, double helloExitMs, double appFirstAnswerMs, double rssMb) {
    }

    private final Path appJar;
    private final int runs;
    private final List<AgentSetup> setups;
    private final Map<AgentSetup, Path> jars = new LinkedHashMap<>();
    private Rounds<Start> starts;

    public StartupBenchmark(Agents agents, Path appJar, int runs) throws IOException {
        this.appJar = appJar;
        this.runs = runs;
        this.setups = new ArrayList<>();
        add(AgentSetup.none(), null);
        add(agents.weft("Weft, 10 selectors", TEN_SELECTORS), agents.weftJar());
        add(agents.otel("OpenTelemetry agent, methods only", OTEL_METHODS, true), agents.otelJar());
        add(agents.otel("OpenTelemetry agent, default instrumentations", OTEL_METHODS, false), agents.otelJar());
        add(agents.elastic("Elastic APM agent", ELASTIC_METHODS), agents.elasticJar());
    }

    private void add(AgentSetup setup, Path jar) {
        if (setup != null) {
            setups.add(setup);
            jars.put(setup, jar);
        }
    }

    public StartupBenchmark run() throws Exception {
        starts = Rounds.run("startup", setups, runs, this::once);
        return this;
    }

    private Start once(AgentSetup setup) throws Exception {
        double firstLine;
        double exit;
        try (ChildJvm hello = ChildJvm.start(setup.jvmArgs(), List.of("-cp", appJar.toString(), "acme.orders.Hello"))) {
            hello.expect("hello", 120);
            firstLine = hello.nanosSinceStart() / 1e6;
            int code = hello.waitFor(120);
            exit = hello.nanosSinceStart() / 1e6;
            if (code != 0) {
                throw new IllegalStateException(setup.name() + ": hello-world exited " + code + ": " + hello.stderr());
            }
        }
        int port = ChildJvm.freePort();
        try (ChildJvm app = ChildJvm.start(setup.jvmArgs(), List.of("-jar", appJar.toString(), Integer.toString(port)))) {
            URI ping = URI.create("http://127.0.0.1:" + port + "/ping");
            long deadline = System.nanoTime() + 120_000_000_000L;
            while (!answers(ping)) {
                if (System.nanoTime() > deadline || !app.process().isAlive()) {
                    throw new IllegalStateException(setup.name() + ": the app never answered: " + app.stderr());
                }
                Thread.sleep(2);
            }
            double answered = app.nanosSinceStart() / 1e6;
            Thread.sleep(2000); // what a service holds once it is up, not mid-start
            return new Start(firstLine, exit, answered, app.residentBytes() / 1048576.0);
        }
    }

    private static boolean answers(URI uri) {
        try {
            HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection();
            connection.setConnectTimeout(200);
            connection.setReadTimeout(2000);
            try {
                return connection.getResponseCode() == 200;
            } finally {
                connection.disconnect();
            }
        } catch (IOException e) {
            return false;
        }
    }

    private double[] of(AgentSetup setup, java.util.function.ToDoubleFunction<Start> figure) {
        return starts.values(setup, figure);
    }

    /** Added milliseconds per run, against the baseline's median. */
    private double[] added(AgentSetup setup, java.util.function.ToDoubleFunction<Start> figure) {
        double baseline = Stats.median(of(setups.get(0), figure));
        return java.util.Arrays.stream(of(setup, figure)).map(v -> v - baseline).toArray();
    }

    /** Milliseconds Weft adds to the hello-world's first line (median), for the summary. */
    public double weftAddedHelloMs() {
        return Stats.median(added(setups.get(1), Start::helloFirstLineMs));
    }

    public String report(String flags) throws IOException {
        StringBuilder md = new StringBuilder();
        md.append("Startup: `acme.orders.Hello` (prints one line and ends) and the orders test app (`java -jar orders.jar`, ")
                .append("polled every 2 ms until `GET /ping` answers). Java ").append(System.getProperty("java.version"))
                .append(", ").append(Runtime.getRuntime().availableProcessors()).append(" cores; ").append(runs)
                .append(" starts per row, interleaved; median (min–max), milliseconds.\n\n")
                .append("| agent | hello-world: first line | added | hello-world: exited | test app: first answer | added |\n")
                .append("|---|---|---|---|---|---|\n");
        for (AgentSetup setup : setups) {
            boolean base = setup.isBaseline();
            md.append("| ").append(setup.name()).append(" | ")
                    .append(Stats.spread(of(setup, Start::helloFirstLineMs))).append(" | ")
                    .append(base ? "—" : Stats.spread(added(setup, Start::helloFirstLineMs))).append(" | ")
                    .append(Stats.spread(of(setup, Start::helloExitMs))).append(" | ")
                    .append(Stats.spread(of(setup, Start::appFirstAnswerMs))).append(" | ")
                    .append(base ? "—" : Stats.spread(added(setup, Start::appFirstAnswerMs))).append(" |\n");
        }
        double weft = weftAddedHelloMs();
        md.append("\nWeft adds **").append(Stats.fmt(weft)).append(" ms** to the hello-world's first line (target ≤ 250 ms): ")
                .append(weft <= 250 ? "met" : "**missed**").append(".\n\n");

        md.append("Footprint: the agent's jar, and the test app's resident memory (VmRSS) 2 s after its first answer, ")
                .append("default heap settings; median (min–max), MB.\n\n")
                .append("| agent | jar size, MB | resident memory, MB | added, MB |\n|---|---|---|---|\n");
        for (AgentSetup setup : setups) {
            Path jar = jars.get(setup);
            md.append("| ").append(setup.name()).append(" | ")
                    .append(jar == null ? "—" : Stats.fmt(Files.size(jar) / 1048576.0)).append(" | ")
                    .append(Stats.spread(of(setup, Start::rssMb))).append(" | ")
                    .append(setup.isBaseline() ? "—" : Stats.spread(added(setup, Start::rssMb))).append(" |\n");
        }
        md.append('\n').append(flags);
        return md.toString();
    }
}
