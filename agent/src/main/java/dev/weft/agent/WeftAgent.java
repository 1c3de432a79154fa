package dev.weft.agent;

import dev.weft.agent.config.ConfigFollower;
import dev.weft.agent.config.ConfigLoader;
import dev.weft.agent.config.WeftConfig;
import dev.weft.agent.http.EndpointLifecycle;
import dev.weft.agent.http.view.AgentViews;
import dev.weft.agent.metrics.AgentMetrics;
import dev.weft.agent.metrics.MethodMetrics;
import dev.weft.agent.metrics.MethodWindows;
import dev.weft.agent.metrics.MetricRegistry;
import dev.weft.agent.metrics.MetricSnapshot;
import dev.weft.agent.metrics.RuntimeMetrics;
import dev.weft.agent.metrics.SloEvaluator;
import dev.weft.agent.export.TracingLifecycle;
import dev.weft.agent.trace.HttpRecording;
import dev.weft.agent.trace.RpcRecording;
import dev.weft.agent.trace.SpanRecording;
import dev.weft.agent.trace.TraceContinuity;
import dev.weft.agent.reload.ConfigWatcher;
import dev.weft.agent.reload.Reloader;
import dev.weft.agent.reload.UnmatchedSelectorReport;
import dev.weft.agent.startup.AgentOptions;
import dev.weft.agent.startup.ServiceIdentity;
import dev.weft.agent.startup.StartupPolicy;
import dev.weft.agent.state.AgentState;
import dev.weft.agent.state.CurrentState;
import dev.weft.agent.state.ReloadOutcome;
import dev.weft.agent.support.DaemonThreads;
import dev.weft.agent.support.JdkModules;
import dev.weft.agent.support.WeftLog;
import dev.weft.agent.builtin.BuiltInLifecycle;
import dev.weft.agent.weave.RetransformReport;
import dev.weft.agent.weave.Weaver;

import java.lang.instrument.Instrumentation;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The composition root: builds Weft's parts for one JVM, wires them, starts them in order and
 * stops what must stop at exit. Reached from {@link Premain} once the bootstrap classes are on the
 * bootstrap class path. What each part does lives in its own package; see ARCHITECTURE.md.
 */
public final class WeftAgent {

    private final AgentOptions options;
    private final CurrentState state;
    private final MethodMetrics methodMetrics;
    private final AgentMetrics agentMetrics;
    private final MetricRegistry registry = new MetricRegistry();
    private final MethodWindows windows;
    private final SloEvaluator slos;
    private final Weaver weaver;
    /** The built-in span families (HTTP, ...): their metrics and the handlers behind their bootstrap entry points. */
    private final List<SpanRecording> recordings;
    private final TraceContinuity continuity = new TraceContinuity();
    private final TracingLifecycle tracing;
    private final BuiltInLifecycle builtIns;
    private final EndpointLifecycle endpoint;
    private final UnmatchedSelectorReport unmatched;
    private final Reloader reloader;
    /** The JDK modules the endpoint, OTLP export and runtime metrics need, which a named-module application may lack. */
    private final JdkModules modules;
    private final ScheduledExecutorService scheduler =
            Executors.newSingleThreadScheduledExecutor(DaemonThreads.factory("weft-scheduler"));
    /** The thread starting the endpoint after {@code -javaagent} start, until it is done. */
    private volatile Thread starting;

    private WeftAgent(StartupPolicy.Startup startup, Instrumentation inst, Map<String, String> env, String javaCommand) {
        this.options = startup.options();
        this.modules = new JdkModules(inst);
        WeftConfig config = startup.effectiveConfig();
        this.state = new CurrentState(AgentState.starting(config, startup.config().problems(), Instant.now()));
        this.methodMetrics = new MethodMetrics(config.metrics().bucketsSeconds(), config.metrics().maxSeries());
        this.agentMetrics = new AgentMetrics(config.instrument(), methodMetrics);
        this.weaver = new Weaver(inst, methodMetrics, agentMetrics, options.retransformBatch());
        dev.weft.bootstrap.Probes.installCaptureHandler(methodMetrics.captured());
        this.windows = new MethodWindows(methodMetrics, MethodWindows.windows(config));
        this.slos = new SloEvaluator(methodMetrics, windows, config.slos());
        this.recordings = List.of(new HttpRecording(config.metrics().bucketsSeconds()),
                new RpcRecording(config.metrics().bucketsSeconds()));
        this.tracing = new TracingLifecycle(methodMetrics, recordings, continuity, registry, env, javaCommand, modules);
        this.builtIns = new BuiltInLifecycle(inst);
        this.unmatched = new UnmatchedSelectorReport(methodMetrics, state, scheduler, options.unmatchedReportSeconds());
        // The endpoint offers POST /reload and a reload may move the endpoint: the views reach the
        // reloader through a method, the reloader the endpoint as one of its followers.
        this.endpoint = new EndpointLifecycle(registry, new AgentViews(state, methodMetrics, agentMetrics, windows,
                slos, registry, tracing, builtIns, continuity, options.config(), this::reloadOnRequest), scheduler, modules);
        this.reloader = options.config() == null ? null : reloader(startup);
        registerMetricSources();
    }

    public static void start(String args, Instrumentation inst, boolean attached) {
        Map<String, String> sysProps = new LinkedHashMap<>();
        System.getProperties().forEach((k, v) -> sysProps.put(String.valueOf(k), String.valueOf(v)));
        Map<String, String> env = System.getenv();
        String javaCommand = System.getProperty("sun.java.command");
        new WeftAgent(StartupPolicy.decide(args, sysProps, env, javaCommand), inst, env, javaCommand).run(attached);
    }

    /** The reload sequence, telling the components that follow the config in this order. */
    private Reloader reloader(StartupPolicy.Startup startup) {
        String file = options.config().toString();
        List<ConfigFollower<?>> followers = List.<ConfigFollower<?>>of(agentMetrics, windows, slos, endpoint, tracing,
                builtIns, unmatched);
        return new Reloader(file, text -> ConfigLoader.parse(text, file, startup.serviceName()), startup::withOptions,
                weaver::apply, followers, state, outcome -> {
                    if (!outcome.status().equals("unchanged")) {
                        agentMetrics.reload(outcome.status().equals("applied"));
                    }
                }, Clock.systemUTC());
    }

    /** What {@code POST /reload} does with the file's text. */
    private ReloadOutcome reloadOnRequest(String text) {
        return reloader.reload(text, "POST /reload");
    }

    private void registerMetricSources() {
        registry.register(methodMetrics);
        registry.register(methodMetrics.captured());
        registry.register(agentMetrics);
        registry.register(slos);
        registry.register(() -> List.of(new MetricSnapshot.Counter("weft_collect_errors",
                "Metric sources that failed while a snapshot was taken (their metrics were left out of it).",
                List.of(new MetricSnapshot.Point(MetricSnapshot.Labels.EMPTY, registry.failures())))));
        recordings.forEach(registry::register);
        registry.register(continuity);
        registry.register(tracing);
        RuntimeMetrics runtime = new RuntimeMetrics(modules);
        registry.register(() -> state.get().config().metrics().runtime() ? runtime.collect() : List.of());
    }

    private void run(boolean attached) {
        WeftConfig config = state.get().config();
        recordings.forEach(SpanRecording::start);
        tracing.start(config);
        RetransformReport woven = weaver.apply(config);
        state.update(AgentState::asReady);
        stopAtExit();
        if (attached) {
            serve(true, woven);
            return;
        }
        // The selectors' weaving is in place, which is all the application's classes need; the
        // built-ins (whose Byte Buddy machinery takes a few hundred milliseconds to set up, and which
        // retransform what loaded in the meantime), the endpoint and the rest come up beside the
        // application's own start rather than before it.
        Thread thread = DaemonThreads.thread("weft-start", () -> serve(false, woven));
        starting = thread;
        thread.start();
    }

    /**
     * Installs the built-ins, starts the endpoint, says that Weft runs and where (so "started" means
     * the built-ins are woven), and starts watching the config. Each part that fails costs itself:
     * config watching goes on without an endpoint.
     */
    private void serve(boolean attached, RetransformReport woven) {
        try {
            builtIns.start(state.get().config());
        } catch (RuntimeException | LinkageError e) {
            WeftLog.error("built-in instrumentations not installed: " + e + ". The rest of Weft goes on.");
        }
        try {
            windows.start();
            WeftConfig config = state.get().config();
            String where = endpoint.start(config);
            if (config.source() == null) {
                WeftLog.info("Weft " + ServiceIdentity.VERSION + " started with no config, nothing woven (give one with "
                        + "-javaagent:weft-agent.jar=config=weft.yaml, -Dweft.config or WEFT_CONFIG); endpoint " + where);
            } else {
                WeftLog.info("Weft " + ServiceIdentity.VERSION + " " + (attached ? "attached" : "started") + ": service "
                        + config.serviceName() + ", config " + config.source() + ", " + config.instrument().size()
                        + " selector(s), endpoint " + where);
            }
            if (tracing.current() != null) {
                WeftLog.info("OTLP export: " + tracing.current().describe());
            }
            if (woven.classes() > 0) {
                WeftLog.info("wove classes loaded before Weft: " + woven.describe());
            }
            unmatched.schedule(config.instrument(), "start");
        } catch (RuntimeException | LinkageError e) {
            WeftLog.error("start not completed: " + e + ". Weaving and config watching go on.");
        }
        try {
            watchConfig();
        } catch (RuntimeException | LinkageError e) {
            WeftLog.error("config watching not started: " + e + ". Weaving goes on.");
        }
    }

    /** Polls the config file; a change goes through the reload sequence. */
    private void watchConfig() {
        if (reloader == null || options.watchMillis() <= 0) {
            return;
        }
        new ConfigWatcher(options.config(), text -> reloader.reload(text, "file changed"))
                .schedule(scheduler, options.watchMillis());
    }

    /**
     * Stops the endpoint when the JVM shuts down. Its dispatcher thread waits for connections in
     * native code, and at exit the JVM waits up to 300 ms for every thread in native code to come
     * back: a program whose main method returns would take that much longer to end.
     */
    private void stopAtExit() {
        Thread hook = DaemonThreads.thread("weft-exit", () -> {
            Thread start = starting;
            if (start != null) {
                // A program that ends at once still gets its start line, and the endpoint it started.
                try {
                    start.join(2000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            endpoint.stop();
        });
        try {
            Runtime.getRuntime().addShutdownHook(hook);
        } catch (IllegalStateException | SecurityException e) {
            // already shutting down, or not allowed: the JVM only takes a little longer to end
        }
    }
}
