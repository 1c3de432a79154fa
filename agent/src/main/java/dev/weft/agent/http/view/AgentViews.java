package dev.weft.agent.http.view;

import dev.weft.agent.builtin.BuiltInLifecycle;
import dev.weft.agent.config.EndpointAuth;
import dev.weft.agent.config.Selector;
import dev.weft.agent.config.WeftConfig;
import dev.weft.agent.http.AgentEndpoints;
import dev.weft.agent.http.Reply;
import dev.weft.agent.metrics.AgentMetrics;
import dev.weft.agent.metrics.MethodMetrics;
import dev.weft.agent.metrics.MethodStats;
import dev.weft.agent.metrics.MethodWindows;
import dev.weft.agent.metrics.MetricRegistry;
import dev.weft.agent.metrics.SloEvaluator;
import dev.weft.agent.export.OtlpExport;
import dev.weft.agent.export.TracingLifecycle;
import dev.weft.agent.startup.ServiceIdentity;
import dev.weft.agent.state.AgentState;
import dev.weft.agent.state.CurrentState;
import dev.weft.agent.state.ReloadOutcome;
import dev.weft.agent.trace.TraceContinuity;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * What the endpoint answers about the agent, as typed views. Each answer reads the agent's state
 * once, so it never mixes the config before a reload with the config after it.
 */
public final class AgentViews implements AgentEndpoints {

    private final CurrentState state;
    private final MethodMetrics methods;
    private final AgentMetrics agentMetrics;
    private final MethodWindows windows;
    private final SloEvaluator slos;
    private final MetricRegistry registry;
    private final TracingLifecycle tracing;
    private final BuiltInLifecycle builtIns;
    private final TraceContinuity continuity;
    private final Path configFile;
    private final Function<String, ReloadOutcome> reload;

    /**
     * @param configFile the config file, {@code null} when Weft runs without one
     * @param reload     puts a new text of that file in force, for {@code POST /reload}
     */
    public AgentViews(CurrentState state, MethodMetrics methods, AgentMetrics agentMetrics, MethodWindows windows,
                      SloEvaluator slos, MetricRegistry registry, TracingLifecycle tracing, BuiltInLifecycle builtIns,
                      TraceContinuity continuity, Path configFile,
                      Function<String, ReloadOutcome> reload) {
        this.state = state;
        this.methods = methods;
        this.agentMetrics = agentMetrics;
        this.windows = windows;
        this.slos = slos;
        this.registry = registry;
        this.tracing = tracing;
        this.builtIns = builtIns;
        this.continuity = continuity;
        this.configFile = configFile;
        this.reload = reload;
    }

    @Override
    public Reply reload() {
        if (configFile == null) {
            return Reply.json(409, new Refusal("rejected", "Weft runs without a config file; "
                    + "start it with config=weft.yaml to reload one"));
        }
        String text;
        try {
            text = Files.readString(configFile, StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            return Reply.json(500, new Refusal("rejected", "cannot read " + configFile + ": " + e));
        }
        ReloadOutcome outcome = reload.apply(text);
        return Reply.json(outcome.status().equals("rejected") ? 422 : 200, outcome);
    }

    @Override
    public HealthView health() {
        AgentState now = state.get();
        WeftConfig config = now.config();
        Map<String, Integer> selectors = new LinkedHashMap<>();
        for (Selector selector : config.instrument()) {
            selectors.put(selector.name(), methods.wovenMethods(selector.name()));
        }
        return new HealthView(checkHealth(now, slos.evaluate()), config.serviceName(), ServiceIdentity.VERSION,
                config.source(), now.problems().size(), selectors, agentMetrics.weaveErrors());
    }

    private Health checkHealth(AgentState now, List<SloEvaluator.State> sloStates) {
        Health health = new Health();
        health.weaving(now.ready(), agentMetrics.weaveErrors());
        health.config(now.config().source(), now.problems());
        OtlpExport export = tracing.current();
        if (export != null) {
            health.exporter("otlp-spans", export.spans());
            health.exporter("otlp-metrics", export.metricPush());
        }
        health.slos(sloStates);
        return health;
    }

    @Override
    public SlosView slos() {
        return new SlosView(slos.evaluate());
    }

    @Override
    public MetricsView metricsJson() {
        WeftConfig config = state.get().config();
        return new MetricsView(config.serviceName(), config.metrics().window(),
                MethodStats.of(methods, windows, config.metrics().window()), registry.snapshot(), slos.evaluate());
    }

    @Override
    public StatusPage statusPage() {
        AgentState now = state.get();
        WeftConfig config = now.config();
        OtlpExport export = tracing.current();
        List<SloEvaluator.State> sloStates = slos.evaluate();
        return new StatusPage(config, ServiceIdentity.VERSION, checkHealth(now, sloStates),
                MethodStats.of(methods, windows, config.metrics().window()), sloStates,
                export == null ? null : export.recentSpans(), continuity());
    }

    @Override
    public ContinuityView continuity() {
        return new ContinuityView(tracing.current() != null, continuity.report());
    }

    @Override
    public InstrumentationsView instrumentations() {
        return new InstrumentationsView(builtIns.installed(), builtIns.status());
    }

    @Override
    public VersionView version() {
        return VersionView.of(ServiceIdentity.VERSION, state.get().config().serviceName());
    }

    @Override
    public EndpointAuth auth() {
        return state.get().config().prometheus().auth();
    }

    @Override
    public boolean ready() {
        return state.get().ready();
    }

    @Override
    public SelectorsView selectors() {
        AgentState now = state.get();
        return new SelectorsView(now.config(), now.appliedAt(), methods.woven(), now.lastReload());
    }
}
