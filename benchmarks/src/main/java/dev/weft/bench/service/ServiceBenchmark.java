package dev.weft.bench.service;

import dev.weft.bench.AgentSetup;
import dev.weft.bench.Agents;
import dev.weft.bench.ChildJvm;
import dev.weft.bench.Rounds;
import dev.weft.bench.Stats;
import dev.weft.bench.startup.StartupBenchmark;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The orders test app under a bounded load from a second process, {@code wrk} (Debian package):
 * a fixed number of connections for a fixed time, after a warm-up run. Mean and p99 latency and
 * throughput with no agent, with Weft and with the other agents.
 */
public final class ServiceBenchmark {

    private static final Pattern LATENCY = Pattern.compile("^\\s*Latency\\s+([0-9.]+)(us|ms|s)\\b");
    private static final Pattern P99 = Pattern.compile("^\\s*99%\\s+([0-9.]+)(us|ms|s)\\b");
    private static final Pattern RATE = Pattern.compile("^Requests/sec:\\s+([0-9.]+)");
    private static final Pattern ERRORS = Pattern.compile("Non-2xx or 3xx responses: (\\d+)|Socket errors: .*");

    /**
     * On every row: the JDK HTTP server otherwise answers a kept-alive connection 40 ms late (headers
     * and body in two writes, Nagle against delayed ACKs), which would hide every agent's cost.
     */
    private static final String NODELAY = "-Dsun.net.httpserver.nodelay=true";

    public record Options(int runs, int warmupSeconds, int seconds, int connections) {
    }

    record Load(double meanMicros, double p99Micros, double requestsPerSecond) {
    }

    private final Path appJar;
    private final Options options;
    private final List<AgentSetup> setups = new ArrayList<>();
    private Rounds<Load> loads;

    public ServiceBenchmark(Agents agents, Path appJar, String otlpEndpoint, Options options) throws IOException {
        this.appJar = appJar;
        this.options = options;
        setups.add(AgentSetup.none());
        setups.add(agents.weft("Weft, 10 selectors (metrics)", StartupBenchmark.TEN_SELECTORS));
        setups.add(agents.weft("Weft, 10 selectors + tracing (HTTP server span, `checkout` traced)",
                StartupBenchmark.TEN_SELECTORS.replace("record: [timer, count, errors, inflight]}",
                        "record: [timer, count, errors, inflight], trace: true}")
                        + "exporters:\n  otlp:\n    endpoint: " + otlpEndpoint + "\n"));
        AgentSetup otel = agents.otel("OpenTelemetry agent, default instrumentations + methods, exporters off",
                StartupBenchmark.OTEL_METHODS, false);
        if (otel != null) {
            setups.add(otel);
            setups.add(agents.otel("OpenTelemetry agent, default instrumentations + methods, spans exported like Weft's",
                    StartupBenchmark.OTEL_METHODS, false, otlpEndpoint));
        }
        AgentSetup elastic = agents.elastic("Elastic APM agent", StartupBenchmark.ELASTIC_METHODS);
        if (elastic != null) {
            setups.add(elastic);
        }
    }

    public ServiceBenchmark run() throws Exception {
        loads = Rounds.run("service", setups, options.runs(), this::once);
        return this;
    }

    private Load once(AgentSetup setup) throws Exception {
        int port = ChildJvm.freePort();
        List<String> jvmArgs = new ArrayList<>(setup.jvmArgs());
        jvmArgs.add(NODELAY);
        try (ChildJvm app = ChildJvm.start(jvmArgs, List.of("-jar", appJar.toString(), Integer.toString(port)))) {
            app.expect("orders listening", 120);
            String url = "http://127.0.0.1:" + port + "/orders/find?item=book";
            wrk(url, options.warmupSeconds());
            return wrk(url, options.seconds());
        }
    }

    /** One wrk run: one thread, the configured connections, latency distribution on. */
    private Load wrk(String url, int seconds) throws IOException, InterruptedException {
        Process wrk;
        try {
            wrk = new ProcessBuilder("wrk", "-t1", "-c" + options.connections(), "-d" + seconds + "s", "--latency", url)
                    .redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IOException("wrk is not installed (bin/bench installs the Debian package wrk)", e);
        }
        String output = new String(wrk.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!wrk.waitFor(seconds + 60L, TimeUnit.SECONDS) || wrk.exitValue() != 0) {
            throw new IllegalStateException("wrk failed:\n" + output);
        }
        double mean = Double.NaN;
        double p99 = Double.NaN;
        double rate = Double.NaN;
        for (String line : output.split("\n")) {
            Matcher m;
            if ((m = LATENCY.matcher(line)).find()) {
                mean = micros(m.group(1), m.group(2));
            } else if ((m = P99.matcher(line)).find()) {
                p99 = micros(m.group(1), m.group(2));
            } else if ((m = RATE.matcher(line)).find()) {
                rate = Double.parseDouble(m.group(1));
            } else if (ERRORS.matcher(line).find()) {
                throw new IllegalStateException("the app answered with errors under load:\n" + output);
            }
        }
        if (Double.isNaN(mean) || Double.isNaN(p99) || Double.isNaN(rate)) {
            throw new IllegalStateException("could not read wrk's output:\n" + output);
        }
        return new Load(mean, p99, rate);
    }

    private static double micros(String value, String unit) {
        double v = Double.parseDouble(value);
        return switch (unit) {
            case "us" -> v;
            case "ms" -> v * 1000;
            default -> v * 1_000_000;
        };
    }

    private double[] of(AgentSetup setup, java.util.function.ToDoubleFunction<Load> figure) {
        return loads.values(setup, figure);
    }

    public String report(String flags) {
        double baseRate = Stats.median(of(setups.get(0), Load::requestsPerSecond));
        StringBuilder md = new StringBuilder();
        md.append("Service overhead: the orders test app (`GET /orders/find`, JDK HTTP server) under `wrk -t1 -c")
                .append(options.connections()).append(" -d").append(options.seconds()).append("s --latency` after a ")
                .append(options.warmupSeconds()).append(" s warm-up run, load generator and app on the same ")
                .append(Runtime.getRuntime().availableProcessors()).append(" cores, the app started with `").append(NODELAY).append("` on every row. Java ")
                .append(System.getProperty("java.version")).append("; ").append(options.runs())
                .append(" app start(s) per row; median (min–max). Rows that export spans send every one over ")
                .append("OTLP/HTTP to a receiver in the harness that reads and drops it, on the same cores.\n\n")
                .append("| agent | mean latency, µs | p99 latency, µs | requests/s | throughput vs no agent |\n")
                .append("|---|---|---|---|---|\n");
        for (AgentSetup setup : setups) {
            md.append("| ").append(setup.name()).append(" | ")
                    .append(Stats.spread(of(setup, Load::meanMicros))).append(" | ")
                    .append(Stats.spread(of(setup, Load::p99Micros))).append(" | ")
                    .append(Stats.spread(of(setup, Load::requestsPerSecond))).append(" | ")
                    .append(Stats.ratio(Stats.median(of(setup, Load::requestsPerSecond)) / baseRate)).append(" |\n");
        }
        md.append('\n').append(flags);
        return md.toString();
    }
}
