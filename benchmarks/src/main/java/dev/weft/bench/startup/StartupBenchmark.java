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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What an agent costs a service before it does anything: time to the first line of a hello-world
 * {@code main}, time until the orders test app answers its first request, the agent's jar size and
 * the app's resident memory once it has answered; and, given the clinic-mvc fat jar, time until a
 * real Spring Boot service says it is ready and answers its first request. Each start is a new JVM;
 * runs are interleaved.
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

    /** One selector over the Spring Boot clinic, metrics only. */
    public static final String SPRING_SELECTOR = "instrument:\n"
            + "  - {name: owners, class: acme.clinic.OwnerController, methods: [owner]}\n";
    public static final String SPRING_OTEL_METHODS = "acme.clinic.OwnerController[owner]";
    /** What the clinic prints once Spring Boot has started it (its ApplicationReadyEvent). */
    private static final Pattern SPRING_READY = Pattern.compile("clinic-mvc listening on http://127\\.0\\.0\\.1:(\\d+) ");

    record Start(double helloFirstLineMs, double helloExitMs, double appFirstAnswerMs, double rssMb) {
    }

    record SpringStart(double readyMs, double firstAnswerMs) {
    }

    private final Path appJar;
    private final Path springJar;
    private final int runs;
    private final List<AgentSetup> setups;
    private final List<AgentSetup> springSetups = new ArrayList<>();
    private final Map<AgentSetup, Path> jars = new LinkedHashMap<>();
    private Rounds<Start> starts;
    private Rounds<SpringStart> springStarts;

    public StartupBenchmark(Agents agents, Path appJar, int runs) throws IOException {
        this(agents, appJar, null, null, runs);
    }

    /**
     * With {@code springJar} (clinic-mvc.jar), also the Spring Boot rows; {@code otlpEndpoint} is
     * where the traced Weft row exports its spans.
     */
    public StartupBenchmark(Agents agents, Path appJar, Path springJar, String otlpEndpoint, int runs) throws IOException {
        this.appJar = appJar;
        this.springJar = springJar;
        this.runs = runs;
        this.setups = new ArrayList<>();
        add(AgentSetup.none(), null);
        add(agents.weft("Weft, 10 selectors", TEN_SELECTORS), agents.weftJar());
        add(agents.otel("OpenTelemetry agent, methods only", OTEL_METHODS, true), agents.otelJar());
        add(agents.otel("OpenTelemetry agent, default instrumentations", OTEL_METHODS, false), agents.otelJar());
        add(agents.elastic("Elastic APM agent", ELASTIC_METHODS), agents.elasticJar());
        if (springJar != null) {
            springSetups.add(AgentSetup.none());
            springSetups.add(agents.weft("Weft, 1 selector", SPRING_SELECTOR));
            springSetups.add(agents.weft("Weft, 1 selector + `trace: true`, OTLP export",
                    SPRING_SELECTOR.replace("methods: [owner]}", "methods: [owner], trace: true}")
                            + "exporters:\n  otlp:\n    endpoint: " + otlpEndpoint + "\n"));
            AgentSetup otel = agents.otel("OpenTelemetry agent, default instrumentations", SPRING_OTEL_METHODS, false);
            if (otel != null) {
                springSetups.add(otel);
            }
        }
    }

    private void add(AgentSetup setup, Path jar) {
        if (setup != null) {
            setups.add(setup);
            jars.put(setup, jar);
        }
    }

    public StartupBenchmark run() throws Exception {
        starts = Rounds.run("startup", setups, runs, this::once);
        if (springJar != null) {
            springStarts = Rounds.run("startup, Spring Boot", springSetups, runs, this::spring);
        }
        return this;
    }

    /** The clinic from {@code java -jar} to its ready line, then to its first answer of {@code GET /health}. */
    private SpringStart spring(AgentSetup setup) throws Exception {
        try (ChildJvm app = ChildJvm.start(setup.jvmArgs(), List.of("-jar", springJar.toString(), "--server.port=0"))) {
            String line = app.expect("clinic-mvc listening on ", 180);
            double ready = app.nanosSinceStart() / 1e6;
            Matcher port = SPRING_READY.matcher(line);
            if (!port.find()) {
                throw new IllegalStateException(setup.name() + ": no port in '" + line + "'");
            }
            URI health = URI.create("http://127.0.0.1:" + port.group(1) + "/health");
            long deadline = System.nanoTime() + 120_000_000_000L;
            while (!answers(health)) {
                if (System.nanoTime() > deadline || !app.process().isAlive()) {
                    throw new IllegalStateException(setup.name() + ": the clinic never answered: " + app.stderr());
                }
                Thread.sleep(2);
            }
            return new SpringStart(ready, app.nanosSinceStart() / 1e6);
        }
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
        if (springStarts != null) {
            springReport(md);
        }
        md.append('\n').append(flags);
        return md.toString();
    }

    private void springReport(StringBuilder md) {
        AgentSetup base = springSetups.get(0);
        double readyBase = Stats.median(springStarts.values(base, SpringStart::readyMs));
        double answerBase = Stats.median(springStarts.values(base, SpringStart::firstAnswerMs));
        md.append("\nSpring Boot: the clinic-mvc test app, a Spring Boot 4 fat jar (Spring MVC on Tomcat, `java -jar clinic-mvc.jar ")
                .append("--server.port=0`), timed from the process start to its ready line (`clinic-mvc listening on …`, ")
                .append("printed on `ApplicationReadyEvent`), then polled every 2 ms until `GET /health` answers. ")
                .append(runs).append(" starts per row, interleaved; median (min–max), milliseconds; % of the baseline's median. ")
                .append("Weft's selector: `{name: owners, class: acme.clinic.OwnerController, methods: [owner]}`; ")
                .append("traced, with `trace: true` and `exporters.otlp.endpoint` at a local receiver that drops what it gets; ")
                .append("the OpenTelemetry agent with `-Dotel.instrumentation.methods.include=").append(SPRING_OTEL_METHODS)
                .append("` and its exporters off.\n\n")
                .append("| agent | ready line | added | added, % | first `/health` answer | added |\n")
                .append("|---|---|---|---|---|---|\n");
        for (AgentSetup setup : springSetups) {
            double[] ready = springStarts.values(setup, SpringStart::readyMs);
            double[] answer = springStarts.values(setup, SpringStart::firstAnswerMs);
            boolean baseline = setup.isBaseline();
            md.append("| ").append(setup.name()).append(" | ")
                    .append(Stats.spread(ready)).append(" | ")
                    .append(baseline ? "—" : Stats.spread(minus(ready, readyBase))).append(" | ")
                    .append(baseline ? "—" : Stats.fmt((Stats.median(ready) - readyBase) / readyBase * 100) + " %").append(" | ")
                    .append(Stats.spread(answer)).append(" | ")
                    .append(baseline ? "—" : Stats.spread(minus(answer, answerBase))).append(" |\n");
        }
    }

    private static double[] minus(double[] values, double baseline) {
        return java.util.Arrays.stream(values).map(v -> v - baseline).toArray();
    }
}
