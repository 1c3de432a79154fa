package dev.weft.agent;

import dev.weft.agent.config.ConfigLoader;
import dev.weft.agent.config.ConfigProblem;
import dev.weft.agent.config.ConfigResult;
import dev.weft.agent.config.Selector;
import dev.weft.agent.config.WeftConfig;
import dev.weft.agent.http.EndpointServer;
import dev.weft.agent.http.Json;
import dev.weft.agent.metrics.AgentMetrics;
import dev.weft.agent.metrics.MethodMetrics;
import dev.weft.agent.metrics.MetricRegistry;
import dev.weft.agent.weave.Weaver;

import java.io.IOException;
import java.io.InputStream;
import java.lang.instrument.Instrumentation;
import java.net.BindException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Starts Weft inside the service: config, registry, weaving, endpoint. Reached from
 * {@link Premain} once the bootstrap classes are on the bootstrap class path.
 */
public final class WeftAgent {

    public static final String VERSION = readVersion();

    private final WeftConfig config;
    private final List<ConfigProblem> problems;
    private final MethodMetrics methodMetrics;
    private final AgentMetrics agentMetrics;
    private final MetricRegistry registry = new MetricRegistry();
    private volatile boolean ready;

    private WeftAgent(WeftConfig config, List<ConfigProblem> problems) {
        this.config = config;
        this.problems = problems;
        this.methodMetrics = new MethodMetrics(config.bucketsSeconds());
        this.agentMetrics = new AgentMetrics(config.instrument(), methodMetrics);
        registry.register(methodMetrics);
        registry.register(agentMetrics);
    }

    public static void start(String args, Instrumentation inst, boolean attached) {
        Map<String, String> sysProps = new LinkedHashMap<>();
        System.getProperties().forEach((k, v) -> sysProps.put(String.valueOf(k), String.valueOf(v)));
        AgentOptions options = AgentOptions.parse(args, sysProps, System.getenv());
        String serviceName = defaultServiceName(System.getProperty("sun.java.command"));

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

        WeftConfig config = result.config();
        if (options.port().isPresent()) {
            config = config.withPort(options.port().getAsInt());
        }
        new WeftAgent(config, result.problems()).run(inst, options);
    }

    private void run(Instrumentation inst, AgentOptions options) {
        if (!config.instrument().isEmpty()) {
            new Weaver(config, methodMetrics, agentMetrics).install(inst);
        }
        ready = true;
        String endpoint = startEndpoint();

        if (config.source() == null) {
            WeftLog.info("Weft " + VERSION + " started with no config, nothing woven (give one with "
                    + "-javaagent:weft-agent.jar=config=weft.yaml, -Dweft.config or WEFT_CONFIG); endpoint " + endpoint);
        } else {
            WeftLog.info("Weft " + VERSION + " started: service " + config.serviceName() + ", config "
                    + config.source() + ", " + config.instrument().size() + " selector(s), endpoint " + endpoint);
        }
        if (!config.instrument().isEmpty()) {
            scheduleUnmatchedReport(options.unmatchedReportSeconds());
        }
    }

    /** Starts the endpoint; a busy port or bad host costs the endpoint, never the service. */
    private String startEndpoint() {
        String where = config.prometheusHost() + ":" + config.prometheusPort();
        try {
            EndpointServer server = EndpointServer.start(config.prometheusHost(), config.prometheusPort(),
                    registry, this::healthJson, () -> ready);
            InetAddress bound = server.address().getAddress();
            if (!bound.isLoopbackAddress()) {
                WeftLog.warn("the endpoint listens on " + bound.getHostAddress()
                        + ", reachable from other hosts; set exporters.prometheus.host: 127.0.0.1 to keep it local");
            }
            String host = bound.getHostAddress().contains(":") ? "[" + bound.getHostAddress() + "]" : bound.getHostAddress();
            return "http://" + host + ":" + server.address().getPort() + "/metrics";
        } catch (BindException e) {
            WeftLog.warn("endpoint not started: " + where + " is in use or cannot be bound (" + e.getMessage()
                    + "); set exporters.prometheus.port or the agent option port=N. Weaving goes on.");
        } catch (IOException | RuntimeException e) {
            WeftLog.warn("endpoint not started on " + where + ": " + e + ". Weaving goes on.");
        }
        return "none";
    }

    private void scheduleUnmatchedReport(long delaySeconds) {
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "weft-scheduler");
            thread.setDaemon(true);
            return thread;
        });
        scheduler.schedule(() -> {
            for (Selector selector : config.instrument()) {
                if (methodMetrics.wovenMethods(selector.name()) == 0) {
                    WeftLog.warn("selector '" + selector.name() + "' (" + config.source() + ":" + selector.line()
                            + ") has matched no method " + delaySeconds + " s after start; check its "
                            + selector.kind().yamlKey() + " and methods patterns");
                }
            }
            scheduler.shutdown();
        }, delaySeconds, TimeUnit.SECONDS);
    }

    private String healthJson() {
        Map<String, String> selectors = new LinkedHashMap<>();
        for (Selector selector : config.instrument()) {
            selectors.put(selector.name(), Integer.toString(methodMetrics.wovenMethods(selector.name())));
        }
        Map<String, String> health = new LinkedHashMap<>();
        health.put("status", Json.quote("UP"));
        health.put("service", Json.quote(config.serviceName()));
        health.put("version", Json.quote(VERSION));
        health.put("config", Json.quote(config.source()));
        health.put("configProblems", Integer.toString(problems.size()));
        health.put("wovenMethods", Json.object(selectors));
        health.put("weaveErrors", Long.toString(agentMetrics.weaveErrors()));
        return Json.object(health);
    }

    /** The jar's base name for {@code -jar app.jar}, else the main class's simple name. */
    static String defaultServiceName(String javaCommand) {
        if (javaCommand == null || javaCommand.isBlank()) {
            return "java";
        }
        String first = javaCommand.trim().split("\\s+")[0];
        if (first.endsWith(".jar")) {
            String file = first.substring(first.lastIndexOf(java.io.File.separatorChar) + 1);
            return file.substring(0, file.length() - 4);
        }
        return first.substring(first.lastIndexOf('.') + 1);
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
