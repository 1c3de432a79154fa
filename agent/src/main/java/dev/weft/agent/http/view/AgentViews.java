package dev.weft.agent.http.view;

import dev.weft.agent.config.EndpointAuth;
import dev.weft.agent.config.Selector;
import dev.weft.agent.config.WeftConfig;
import dev.weft.agent.http.AgentEndpoints;
import dev.weft.agent.http.Json;
import dev.weft.agent.http.MetricsJson;
import dev.weft.agent.metrics.AgentMetrics;
import dev.weft.agent.metrics.MethodMetrics;
import dev.weft.agent.metrics.MethodStats;
import dev.weft.agent.metrics.MethodWindows;
import dev.weft.agent.metrics.MetricRegistry;
import dev.weft.agent.metrics.SloEvaluator;
import dev.weft.agent.otel.OtlpExport;
import dev.weft.agent.otel.TracingLifecycle;
import dev.weft.agent.startup.ServiceIdentity;
import dev.weft.agent.state.AgentState;
import dev.weft.agent.state.CurrentState;
import dev.weft.agent.state.ReloadOutcome;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * What the endpoint answers about the agent. Each answer reads the agent's state once, so it
 * never mixes the config before a reload with the config after it.
 */
public final class AgentViews implements AgentEndpoints {

    private final CurrentState state;
    private final MethodMetrics methods;
    private final AgentMetrics agentMetrics;
    private final MethodWindows windows;
    private final SloEvaluator slos;
    private final MetricRegistry registry;
    private final TracingLifecycle tracing;
    private final Path configFile;
    private final Function<String, ReloadOutcome> reload;

    /**
     * @param configFile the config file, {@code null} when Weft runs without one
     * @param reload     puts a new text of that file in force, for {@code POST /reload}
     */
    public AgentViews(CurrentState state, MethodMetrics methods, AgentMetrics agentMetrics, MethodWindows windows,
                      SloEvaluator slos, MetricRegistry registry, TracingLifecycle tracing, Path configFile,
                      Function<String, ReloadOutcome> reload) {
        this.state = state;
        this.methods = methods;
        this.agentMetrics = agentMetrics;
        this.windows = windows;
        this.slos = slos;
        this.registry = registry;
        this.tracing = tracing;
        this.configFile = configFile;
        this.reload = reload;
    }

    @Override
    public Reply reload() {
        if (configFile == null) {
            return new Reply(409, "{\"status\":\"rejected\",\"summary\":\"Weft runs without a config file; "
                    + "start it with config=weft.yaml to reload one\"}");
        }
        String text;
        try {
            text = Files.readString(configFile, StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            return new Reply(500, "{\"status\":\"rejected\",\"summary\":" + Json.quote("cannot read "
                    + configFile + ": " + e) + "}");
        }
        ReloadOutcome outcome = reload.apply(text);
        return new Reply(outcome.status().equals("rejected") ? 422 : 200, outcome.toJson());
    }

    @Override
    public Reply health() {
        AgentState now = state.get();
        WeftConfig config = now.config();
        Health health = checkHealth(now, slos.evaluate());
        Map<String, String> selectors = new LinkedHashMap<>();
        for (Selector selector : config.instrument()) {
            selectors.put(selector.name(), Integer.toString(methods.wovenMethods(selector.name())));
        }
        Map<String, String> json = new LinkedHashMap<>();
        json.put("status", Json.quote(health.status()));
        json.put("checks", health.checksJson());
        json.put("service", Json.quote(config.serviceName()));
        json.put("version", Json.quote(ServiceIdentity.VERSION));
        json.put("config", Json.quote(config.source()));
        json.put("configProblems", Integer.toString(now.problems().size()));
        json.put("wovenMethods", Json.object(selectors));
        json.put("weaveErrors", Long.toString(agentMetrics.weaveErrors()));
        return new Reply(health.httpStatus(), Json.object(json));
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
    public String slos() {
        return slos.json();
    }

    @Override
    public String metricsJson() {
        WeftConfig config = state.get().config();
        return MetricsJson.render(config.serviceName(), config.metrics().window(),
                MethodStats.of(methods, windows, config.metrics().window()), registry.snapshot(), slos.jsonArray());
    }

    @Override
    public String statusPage() {
        AgentState now = state.get();
        WeftConfig config = now.config();
        OtlpExport export = tracing.current();
        List<SloEvaluator.State> sloStates = slos.evaluate();
        return StatusPage.render(config, ServiceIdentity.VERSION, checkHealth(now, sloStates),
                MethodStats.of(methods, windows, config.metrics().window()), sloStates,
                export == null ? null : export.recentSpans());
    }

    @Override
    public String version() {
        Map<String, String> version = new LinkedHashMap<>();
        version.put("agent", Json.quote(ServiceIdentity.VERSION));
        version.put("java", Json.quote(System.getProperty("java.version")));
        version.put("javaVendor", Json.quote(System.getProperty("java.vendor")));
        version.put("javaRuntime", Json.quote(System.getProperty("java.runtime.name")));
        version.put("service", Json.quote(state.get().config().serviceName()));
        return Json.object(version);
    }

    @Override
    public EndpointAuth auth() {
        return state.get().config().exporters().prometheus().auth();
    }

    @Override
    public boolean ready() {
        return state.get().ready();
    }

    @Override
    public String selectors() {
        AgentState now = state.get();
        ReloadOutcome reload = now.lastReload();
        return SelectorsView.json(now.config(), now.appliedAt(), methods.woven(),
                reload == null ? "null" : reload.toJson());
    }
}
