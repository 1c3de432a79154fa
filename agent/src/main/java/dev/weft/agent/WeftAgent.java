package dev.weft.agent;

import dev.weft.agent.config.EndpointAuth;
import dev.weft.agent.config.ConfigLoader;
import dev.weft.agent.config.ConfigProblem;
import dev.weft.agent.config.ConfigResult;
import dev.weft.agent.config.Selector;
import dev.weft.agent.config.WeftConfig;
import dev.weft.agent.http.AgentEndpoints;
import dev.weft.agent.http.EndpointServer;
import dev.weft.agent.http.Json;
import dev.weft.agent.http.MetricsJson;
import dev.weft.agent.metrics.AgentMetrics;
import dev.weft.agent.metrics.MethodMetrics;
import dev.weft.agent.metrics.MethodStats;
import dev.weft.agent.metrics.MethodWindows;
import dev.weft.agent.metrics.MetricRegistry;
import dev.weft.agent.metrics.MetricSnapshot;
import dev.weft.agent.metrics.RuntimeMetrics;
import dev.weft.agent.metrics.SloEvaluator;
import dev.weft.agent.otel.OtlpExport;
import dev.weft.agent.weave.BuiltInInstrumentations;
import dev.weft.agent.weave.RetransformReport;
import dev.weft.agent.weave.Weaver;

import java.io.IOException;
import java.io.InputStream;
import java.lang.instrument.Instrumentation;
import java.net.BindException;
import java.net.InetAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Starts Weft inside the service: config, registry, weaving, endpoint. Reached from
 * {@link Premain} once the bootstrap classes are on the bootstrap class path.
 */
public final class WeftAgent implements AgentEndpoints {

    public static final String VERSION = readVersion();

    private final AgentOptions options;
    private final String defaultServiceName;
    private final MethodMetrics methodMetrics;
    private final AgentMetrics agentMetrics;
    private final MetricRegistry registry = new MetricRegistry();
    private final MethodWindows windows;
    private final SloEvaluator slos;
    private final Weaver weaver;
    private final Instrumentation inst;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "weft-scheduler");
        thread.setDaemon(true);
        return thread;
    });
    private volatile WeftConfig config;
    private volatile List<ConfigProblem> problems;
    private volatile Instant configAppliedAt = Instant.now();
    private volatile ReloadOutcome lastReload;
    private volatile EndpointServer endpoint;
    /** The thread starting the endpoint after {@code -javaagent} start, until it is done. */
    private volatile Thread starting;
    private volatile OtlpExport otlpExport;
    private volatile boolean ready;

    private WeftAgent(AgentOptions options, String defaultServiceName, WeftConfig config,
                      List<ConfigProblem> problems, Instrumentation inst) {
        this.options = options;
        this.defaultServiceName = defaultServiceName;
        this.config = config;
        this.problems = problems;
        this.methodMetrics = new MethodMetrics(config.bucketsSeconds(), config.maxSeries());
        this.agentMetrics = new AgentMetrics(config.instrument(), methodMetrics);
        this.weaver = new Weaver(inst, methodMetrics, agentMetrics, options.retransformBatch());
        this.inst = inst;
        registry.register(methodMetrics);
        registry.register(methodMetrics.captured());
        dev.weft.bootstrap.Probes.installCaptureHandler(methodMetrics.captured());
        registry.register(agentMetrics);
        this.windows = new MethodWindows(methodMetrics, longestWindow(config));
        this.slos = new SloEvaluator(methodMetrics, windows, config.slos());
        registry.register(slos);
        registry.register(() -> List.of(new MetricSnapshot.Counter("weft_collect_errors",
                "Metric sources that failed while a snapshot was taken (their metrics were left out of it).",
                List.of(new MetricSnapshot.Point(MetricSnapshot.Labels.EMPTY, registry.failures())))));
        registry.register(() -> {
            OtlpExport current = otlpExport;
            return current == null ? List.of() : current.collect();
        });
        RuntimeMetrics runtime = new RuntimeMetrics();
        registry.register(() -> this.config.runtimeMetrics() ? runtime.collect() : List.of());
    }

    public static void start(String args, Instrumentation inst, boolean attached) {
        Map<String, String> sysProps = new LinkedHashMap<>();
        System.getProperties().forEach((k, v) -> sysProps.put(String.valueOf(k), String.valueOf(v)));
        AgentOptions options = AgentOptions.parse(args, sysProps, System.getenv());
        String otelServiceName = System.getenv("OTEL_SERVICE_NAME");
        String serviceName = otelServiceName != null && !otelServiceName.isBlank() ? otelServiceName.trim()
                : defaultServiceName(System.getProperty("sun.java.command"));

        List<String> complaints = new ArrayList<>(options.problems());
        ConfigResult result = options.config() == null
                ? new ConfigResult(WeftConfig.empty(null, serviceName), List.of())
                : ConfigLoader.load(options.config(), serviceName);
        for (ConfigProblem problem : result.problems()) {
            complaints.add("config: " + problem);
        }
        if (options.strict() && !complaints.isEmpty()) {
            for (String complaint : complaints) {
                WeftLog.error(complaint);
            }
            String refusal = "strict=true and the config has " + complaints.size()
                    + " problem(s): refusing to start the service";
            WeftLog.error(refusal);
            throw new StrictModeRefusal(refusal);
        }
        for (String complaint : complaints) {
            WeftLog.warn(complaint);
        }
        new WeftAgent(options, serviceName, withOptions(result.config(), options), result.problems(), inst)
                .run(attached);
    }

    /** The longest window anything reads: the per-method window or an SLO's. */
    private static java.time.Duration longestWindow(WeftConfig config) {
        java.time.Duration longest = config.window();
        for (dev.weft.agent.config.Slo slo : config.slos()) {
            longest = slo.window().compareTo(longest) > 0 ? slo.window() : longest;
        }
        return longest;
    }

    /** Agent options beat the file: a port given on the command line stays through reloads. */
    private static WeftConfig withOptions(WeftConfig config, AgentOptions options) {
        return options.port().isPresent() ? config.withPort(options.port().getAsInt()) : config;
    }

    private void run(boolean attached) {
        startOtlpExport(config);
        RetransformReport woven = weaver.apply(config);
        ready = true;
        stopEndpointAtExit();
        if (attached) {
            serve(attached, woven);
            return;
        }
        // Weaving is in place, which is all the application's classes need; the endpoint and the
        // rest come up beside the application's own start rather than before it.
        Thread thread = new Thread(() -> serve(false, woven), "weft-start");
        thread.setDaemon(true);
        starting = thread;
        thread.start();
    }

    /** Starts the endpoint, says that Weft runs and where, and starts watching the config. */
    private void serve(boolean attached, RetransformReport woven) {
        try {
            windows.start();
            WeftConfig config;
            String where;
            synchronized (this) { // a reload from the endpoint waits until the endpoint is known
                config = this.config;
                where = startEndpoint(config);
            }
            if (config.source() == null) {
                WeftLog.info("Weft " + VERSION + " started with no config, nothing woven (give one with "
                        + "-javaagent:weft-agent.jar=config=weft.yaml, -Dweft.config or WEFT_CONFIG); endpoint " + where);
            } else {
                WeftLog.info("Weft " + VERSION + " " + (attached ? "attached" : "started") + ": service "
                        + config.serviceName() + ", config " + config.source() + ", " + config.instrument().size()
                        + " selector(s), endpoint " + where);
            }
            if (otlpExport != null) {
                WeftLog.info("OTLP export: " + otlpExport.describe());
            }
            if (woven.classes() > 0) {
                WeftLog.info("wove classes loaded before Weft: " + woven.describe());
            }
            if (!config.instrument().isEmpty()) {
                scheduleUnmatchedReport(config.instrument(), "start");
            }
            if (options.config() != null && options.watchMillis() > 0) {
                ConfigWatcher watcher = new ConfigWatcher(options.config(), text -> reload(text, "file changed"));
                scheduler.scheduleWithFixedDelay(() -> {
                    try {
                        watcher.poll();
                    } catch (RuntimeException | LinkageError e) {
                        WeftLog.warnOnce("watch:" + e.getClass().getName(), "watching the config failed: " + e);
                    }
                }, options.watchMillis(), options.watchMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (RuntimeException | LinkageError e) {
            WeftLog.error("endpoint and config watching not started: " + e + ". Weaving goes on.");
        }
    }

    /** Starts the endpoint; a busy port or bad host costs the endpoint, never the service. */
    private String startEndpoint(WeftConfig config) {
        String where = config.prometheusHost() + ":" + config.prometheusPort();
        try {
            EndpointServer server = EndpointServer.start(config.prometheusHost(), config.prometheusPort(), config.tls(),
                    registry, this);
            InetAddress bound = server.address().getAddress();
            if (!bound.isLoopbackAddress()) {
                WeftLog.warn("the endpoint listens on " + bound.getHostAddress()
                        + ", reachable from other hosts; set exporters.prometheus.host: 127.0.0.1 to keep it local");
            }
            endpoint = server;
            String host = bound.getHostAddress().contains(":") ? "[" + bound.getHostAddress() + "]" : bound.getHostAddress();
            return (server.secure() ? "https://" : "http://") + host + ":" + server.address().getPort() + "/metrics";
        } catch (BindException e) {
            WeftLog.warn("endpoint not started: " + where + " is in use or cannot be bound (" + e.getMessage()
                    + "); set exporters.prometheus.port or the agent option port=N. Weaving goes on.");
        } catch (IOException | RuntimeException e) {
            WeftLog.warn("endpoint not started on " + where + ": " + e + ". Weaving goes on.");
        }
        return "none";
    }

    /**
     * Stops the endpoint when the JVM shuts down. Its dispatcher thread waits for connections in
     * native code, and at exit the JVM waits up to 300 ms for every thread in native code to come
     * back: a program whose main method returns would take that much longer to end.
     */
    private void stopEndpointAtExit() {
        Thread hook = new Thread(() -> {
            Thread start = starting;
            if (start != null) {
                // A program that ends at once still gets its start line, and the endpoint it started.
                try {
                    start.join(2000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            EndpointServer current = endpoint;
            if (current != null) {
                try {
                    current.stop();
                } catch (RuntimeException e) {
                    // exiting anyway
                }
            }
        }, "weft-exit");
        try {
            Runtime.getRuntime().addShutdownHook(hook);
        } catch (IllegalStateException | SecurityException e) {
            // already shutting down, or not allowed: the JVM only takes a little longer to end
        }
    }

    /** Starts OTLP export if the config wants it; a failure costs the export, never the service or /metrics. */
    private void startOtlpExport(WeftConfig config) {
        if (!OtlpExport.wanted(config)) {
            return;
        }
        try {
            otlpExport = OtlpExport.start(config, methodMetrics, registry, System.getenv(),
                    System.getProperty("sun.java.command"));
            Weaver.awaitBackgroundPreparation(); // Byte Buddy from one thread at a time
            BuiltInInstrumentations.install(inst, BuiltInInstrumentations.ALL);
        } catch (RuntimeException | LinkageError e) {
            WeftLog.warn("OTLP export not started: " + e + ". Metrics on /metrics go on.");
        }
    }

    /** Rebuilds OTLP export when a reload changed what it depends on. */
    private void restartOtlpExportIfNeeded(WeftConfig previous, WeftConfig next) {
        if (OtlpExport.settings(previous).equals(OtlpExport.settings(next))) {
            return;
        }
        OtlpExport old = otlpExport;
        otlpExport = null;
        if (old != null) {
            old.stop();
        }
        startOtlpExport(next);
        WeftLog.info("OTLP export " + (otlpExport == null ? "off" : "now: " + otlpExport.describe()));
    }

    // ---- reload ----

    /**
     * Puts the file's new content in force if it is valid; otherwise reports its problems as at
     * start and keeps the config in force. One reload at a time.
     */
    synchronized ReloadOutcome reload(String text, String trigger) {
        String file = options.config().toString();
        ConfigResult result = ConfigLoader.parse(text, file, defaultServiceName);
        if (!result.problems().isEmpty()) {
            List<String> messages = new ArrayList<>();
            for (ConfigProblem problem : result.problems()) {
                messages.add(problem.toString());
                WeftLog.warn("config: " + problem);
            }
            String summary = "reload rejected: " + file + " has " + messages.size()
                    + " problem(s); the config applied at " + configAppliedAt + " stays in force";
            WeftLog.warn(summary);
            agentMetrics.reload(false);
            return lastReload = new ReloadOutcome("rejected", trigger, Instant.now(), summary, messages,
                    RetransformReport.NONE);
        }

        WeftConfig previous = config;
        WeftConfig next = withOptions(result.config(), options);
        if (!next.bucketsSeconds().equals(previous.bucketsSeconds())) {
            WeftLog.warn("metrics.buckets changed in " + file + "; histograms keep their buckets for the life of "
                    + "the process, the new ones apply at the next start");
            next = next.withBuckets(previous.bucketsSeconds());
        }
        if (next.maxSeries() != previous.maxSeries()) {
            WeftLog.warn("metrics.max-series changed in " + file + "; the cap stays " + previous.maxSeries()
                    + " until the next start");
        }
        String changes = SelectorChanges.between(previous.instrument(), next.instrument());
        if (next.canonical().equals(previous.canonical()) && Objects.equals(next.auth(), previous.auth())) {
            return lastReload = new ReloadOutcome("unchanged", trigger, Instant.now(),
                    "the config in force already says this", List.of(), RetransformReport.NONE);
        }
        RetransformReport report = weaver.apply(next);
        config = next;
        problems = List.of();
        configAppliedAt = Instant.now();
        agentMetrics.selectors(next.instrument());
        windows.setLongest(longestWindow(next));
        slos.slos(next.slos());
        moveEndpointIfNeeded(previous, next);
        restartOtlpExportIfNeeded(previous, next);
        List<Selector> fresh = SelectorChanges.addedOrChanged(previous.instrument(), next.instrument());
        if (!fresh.isEmpty()) {
            scheduleUnmatchedReport(fresh, "the reload");
        }
        String summary = "config reloaded from " + file + ": "
                + (changes.isEmpty() ? "selectors unchanged, other settings changed" : changes) + "; " + report.describe();
        WeftLog.info(summary);
        agentMetrics.reload(true);
        return lastReload = new ReloadOutcome("applied", trigger, configAppliedAt, summary, List.of(), report);
    }

    /** A new host or port: serve there, and stop serving at the old address once the new one is up. */
    private void moveEndpointIfNeeded(WeftConfig previous, WeftConfig next) {
        if (previous.prometheusHost().equals(next.prometheusHost()) && previous.prometheusPort() == next.prometheusPort()
                && Objects.equals(previous.tls(), next.tls())) {
            return;
        }
        EndpointServer old = endpoint;
        endpoint = null;
        String where = startEndpoint(next);
        if (endpoint == null) {
            endpoint = old;
            WeftLog.warn("the endpoint stays where it was");
            return;
        }
        if (old != null) {
            // Not from an endpoint thread: stopping waits for the exchange in progress (POST /reload).
            scheduler.execute(old::stop);
        }
        WeftLog.info("endpoint moved to " + where);
    }

    @Override
    public Reply reload() {
        if (options.config() == null) {
            return new Reply(409, "{\"status\":\"rejected\",\"summary\":\"Weft runs without a config file; "
                    + "start it with config=weft.yaml to reload one\"}");
        }
        String text;
        try {
            text = java.nio.file.Files.readString(options.config(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            return new Reply(500, "{\"status\":\"rejected\",\"summary\":" + Json.quote("cannot read "
                    + options.config() + ": " + e) + "}");
        }
        ReloadOutcome outcome = reload(text, "POST /reload");
        return new Reply(outcome.status().equals("rejected") ? 422 : 200, outcome.toJson());
    }

    // ---- reports ----

    /** After {@code unmatched-after} seconds, names each of these selectors still in force that wove nothing. */
    private void scheduleUnmatchedReport(List<Selector> selectors, String since) {
        long delaySeconds = options.unmatchedReportSeconds();
        scheduler.schedule(() -> {
            WeftConfig current = config;
            for (Selector selector : selectors) {
                if (current.instrument().contains(selector) && methodMetrics.wovenMethods(selector.name()) == 0) {
                    WeftLog.warn("selector '" + selector.name() + "' (" + current.source() + ":" + selector.line()
                            + ") has matched no method " + delaySeconds + " s after " + since + "; check its "
                            + selector.kind().yamlKey() + " and methods patterns");
                }
            }
        }, delaySeconds, TimeUnit.SECONDS);
    }

    @Override
    public Reply health() {
        WeftConfig config = this.config;
        Health health = checkHealth(slos.evaluate());
        Map<String, String> selectors = new LinkedHashMap<>();
        for (Selector selector : config.instrument()) {
            selectors.put(selector.name(), Integer.toString(methodMetrics.wovenMethods(selector.name())));
        }
        Map<String, String> json = new LinkedHashMap<>();
        json.put("status", Json.quote(health.status()));
        json.put("checks", health.checksJson());
        json.put("service", Json.quote(config.serviceName()));
        json.put("version", Json.quote(VERSION));
        json.put("config", Json.quote(config.source()));
        json.put("configProblems", Integer.toString(problems.size()));
        json.put("wovenMethods", Json.object(selectors));
        json.put("weaveErrors", Long.toString(agentMetrics.weaveErrors()));
        return new Reply(health.httpStatus(), Json.object(json));
    }

    private Health checkHealth(List<SloEvaluator.State> sloStates) {
        Health health = new Health();
        health.weaving(ready, agentMetrics.weaveErrors());
        health.config(config.source(), problems);
        OtlpExport export = otlpExport;
        if (export != null) {
            health.exporter("otlp-spans", export.spans());
            health.exporter("otlp-metrics", export.metricPush());
        }
        health.slos(sloStates);
        return health;
    }

    @Override
    public String slos() {
        return slos.json();
    }

    @Override
    public String metricsJson() {
        WeftConfig config = this.config;
        return MetricsJson.render(config.serviceName(), config.window(),
                MethodStats.of(methodMetrics, windows, config.window()), registry.snapshot(), slos.jsonArray());
    }

    @Override
    public String statusPage() {
        WeftConfig config = this.config;
        OtlpExport export = otlpExport;
        List<SloEvaluator.State> sloStates = slos.evaluate();
        return StatusPage.render(config, VERSION, checkHealth(sloStates),
                MethodStats.of(methodMetrics, windows, config.window()), sloStates,
                export == null ? null : export.recentSpans());
    }

    @Override
    public String version() {
        Map<String, String> version = new LinkedHashMap<>();
        version.put("agent", Json.quote(VERSION));
        version.put("java", Json.quote(System.getProperty("java.version")));
        version.put("javaVendor", Json.quote(System.getProperty("java.vendor")));
        version.put("javaRuntime", Json.quote(System.getProperty("java.runtime.name")));
        version.put("service", Json.quote(config.serviceName()));
        return Json.object(version);
    }

    @Override
    public EndpointAuth auth() {
        return config.auth();
    }

    @Override
    public boolean ready() {
        return ready;
    }

    @Override
    public String selectors() {
        ReloadOutcome reload = lastReload;
        return SelectorsView.json(config, configAppliedAt, methodMetrics.woven(),
                reload == null ? "null" : reload.toJson());
    }

    /** The jar's base name for {@code -jar app.jar}, else the main class's simple name. */
    static String defaultServiceName(String javaCommand) {
        if (javaCommand == null || javaCommand.isBlank()) {
            return "java";
        }
        String jar = mainJar(javaCommand);
        if (jar != null) {
            String file = jar.substring(jar.lastIndexOf(java.io.File.separatorChar) + 1);
            return file.substring(0, file.length() - 4);
        }
        String mainClass = javaCommand.trim().split("\\s+")[0];
        return mainClass.substring(mainClass.lastIndexOf('.') + 1);
    }

    /**
     * The jar started with {@code -jar}, from the JVM's {@code sun.java.command} (the jar or main
     * class, then the arguments); {@code null} when a main class was named instead.
     */
    public static String mainJar(String javaCommand) {
        if (javaCommand == null || javaCommand.isBlank()) {
            return null;
        }
        String first = javaCommand.trim().split("\\s+")[0];
        return first.endsWith(".jar") ? first : null;
    }

    private static String readVersion() {
        try (InputStream in = WeftAgent.class.getResourceAsStream("version.properties")) {
            Properties properties = new Properties();
            if (in != null) {
                properties.load(in);
            }
            return properties.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }
}
