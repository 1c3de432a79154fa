package dev.weft.agent.export;

import dev.weft.agent.support.WeftLog;
import dev.weft.agent.config.ConfigFollower;
import dev.weft.agent.config.OtlpConfig;
import dev.weft.agent.config.WeftConfig;
import dev.weft.agent.metrics.MethodMetrics;
import dev.weft.agent.metrics.MetricRegistry;
import dev.weft.agent.metrics.MetricSnapshot;
import dev.weft.agent.metrics.MetricSource;
import dev.weft.agent.support.DaemonThreads;
import dev.weft.agent.support.JdkModules;
import dev.weft.agent.trace.SpanRecording;
import dev.weft.agent.trace.TraceContinuity;

import java.util.List;
import java.util.Map;

/**
 * OTLP export's life: started when the config traces or exports anything, rebuilt when a reload
 * changes what it depends on ({@link OtlpExport#settings}), and its own metrics served while it
 * runs. A failure costs the export, never the service or {@code /metrics}; so does a runtime without
 * the JDK modules export needs, which Weft names once with what to add.
 */
public final class TracingLifecycle implements ConfigFollower<String>, MetricSource {

    private final MethodMetrics methods;
    /** The built-in span families' metrics and handlers: one each for the life of the process, so a rebuilt export does not reset them. */
    private final List<SpanRecording> recordings;
    private final TraceContinuity continuity;
    private final MetricRegistry registry;
    private final Map<String, String> env;
    private final String javaCommand;
    private final JdkModules modules;
    private volatile OtlpExport export;

    public TracingLifecycle(MethodMetrics methods, List<SpanRecording> recordings, TraceContinuity continuity,
                            MetricRegistry registry, Map<String, String> env, String javaCommand, JdkModules modules) {
        this.methods = methods;
        this.recordings = List.copyOf(recordings);
        this.continuity = continuity;
        this.registry = registry;
        this.env = env;
        this.javaCommand = javaCommand;
        this.modules = modules;
    }

    /** Starts export if the config wants it. */
    public synchronized void start(WeftConfig config) {
        export = exportFor(config);
    }

    /** A new export for the config, or {@code null} when it wants none or it cannot be started. */
    private OtlpExport exportFor(WeftConfig config) {
        if (!config.tracesOrExports()) {
            return null;
        }
        String missing = modules.unavailable(modulesNeeded(config));
        if (missing != null) {
            WeftLog.warnOnce("otlp:" + missing, "OTLP export not started: " + missing + ". The rest of Weft goes on.");
            return null;
        }
        try {
            return OtlpExport.start(config, methods, recordings, continuity, registry, env, javaCommand);
        } catch (RuntimeException | LinkageError e) {
            WeftLog.warn("OTLP export not started: " + e + ". Metrics on /metrics go on.");
            return null;
        }
    }

    /**
     * The JDK modules export needs beyond {@code java.base}: the SDK logs through {@code java.logging},
     * and OTLP/HTTP goes out through the JDK's HTTP client (OTLP/gRPC through OkHttp, on sockets).
     * Named here, as loading {@link OtlpExport} already takes {@code java.logging}.
     */
    private List<String> modulesNeeded(WeftConfig config) {
        OtlpConfig otlp = config.exporters().otlp() == null ? new OtlpConfig(null, null, null, null, null)
                : config.exporters().otlp();
        return OtlpConfig.GRPC.equals(otlp.resolve(env).protocol()) ? List.of("java.logging")
                : List.of("java.logging", "java.net.http");
    }

    /** The export running now, or {@code null}. */
    public OtlpExport current() {
        return export;
    }

    @Override
    public String name() {
        return "OTLP export";
    }

    @Override
    public String follows(WeftConfig config) {
        return OtlpExport.settings(config);
    }

    /**
     * The new export is in place before the old one stops, so no span lacks a handler in between;
     * the old one drains its queue on a thread of its own, never holding up the reload.
     */
    @Override
    public synchronized void changed(String before, String after, WeftConfig config) {
        OtlpExport old = export;
        export = exportFor(config);
        if (old != null) {
            DaemonThreads.start("weft-otlp-stop", old::stop);
        }
        WeftLog.info("OTLP export " + (export == null ? "off" : "now: " + export.describe()));
    }

    @Override
    public List<MetricSnapshot> collect() {
        OtlpExport current = export;
        if (current == null) {
            return List.of();
        }
        return current.collect();
    }
}
