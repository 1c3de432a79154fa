package dev.weft.agent.export;

import dev.weft.agent.support.WeftLog;
import dev.weft.agent.config.ConfigFollower;
import dev.weft.agent.config.WeftConfig;
import dev.weft.agent.metrics.MethodMetrics;
import dev.weft.agent.metrics.MetricRegistry;
import dev.weft.agent.metrics.MetricSnapshot;
import dev.weft.agent.metrics.MetricSource;

import java.util.List;
import java.util.Map;

/**
 * OTLP export's life: started when the config traces or exports anything, rebuilt when a reload
 * changes what it depends on ({@link OtlpExport#settings}), and its own metrics served while it
 * runs. A failure costs the export, never the service or {@code /metrics}.
 */
public final class TracingLifecycle implements ConfigFollower<String>, MetricSource {

    private final MethodMetrics methods;
    private final MetricRegistry registry;
    private final Map<String, String> env;
    private final String javaCommand;
    private volatile OtlpExport export;

    public TracingLifecycle(MethodMetrics methods, MetricRegistry registry, Map<String, String> env, String javaCommand) {
        this.methods = methods;
        this.registry = registry;
        this.env = env;
        this.javaCommand = javaCommand;
    }

    /** Starts export if the config wants it. */
    public synchronized void start(WeftConfig config) {
        if (!config.tracesOrExports()) {
            return;
        }
        try {
            export = OtlpExport.start(config, methods, registry, env, javaCommand);
        } catch (RuntimeException | LinkageError e) {
            WeftLog.warn("OTLP export not started: " + e + ". Metrics on /metrics go on.");
        }
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

    @Override
    public synchronized void changed(String before, String after, WeftConfig config) {
        OtlpExport old = export;
        export = null;
        if (old != null) {
            old.stop();
        }
        start(config);
        WeftLog.info("OTLP export " + (export == null ? "off" : "now: " + export.describe()));
    }

    @Override
    public List<MetricSnapshot> collect() {
        OtlpExport current = export;
        return current == null ? List.of() : current.collect();
    }
}
