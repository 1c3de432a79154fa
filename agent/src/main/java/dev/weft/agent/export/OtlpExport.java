package dev.weft.agent.export;

import dev.weft.agent.support.DaemonThreads;
import dev.weft.agent.startup.ServiceIdentity;
import dev.weft.agent.trace.SpanRecording;
import dev.weft.agent.trace.TraceContinuity;
import dev.weft.agent.trace.MdcBridge;
import dev.weft.agent.trace.OtelSpanHandler;
import dev.weft.agent.support.WeftLog;
import dev.weft.agent.config.OtlpConfig;
import dev.weft.agent.config.WeftConfig;
import dev.weft.agent.metrics.MethodMetrics;
import dev.weft.agent.metrics.MetricSnapshot;
import dev.weft.agent.metrics.MetricSource;
import dev.weft.bootstrap.Spans;
import dev.weft.agent.metrics.MetricRegistry;
import io.opentelemetry.exporter.otlp.http.metrics.OtlpHttpMetricExporter;
import io.opentelemetry.exporter.otlp.http.metrics.OtlpHttpMetricExporterBuilder;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporterBuilder;
import io.opentelemetry.exporter.otlp.metrics.OtlpGrpcMetricExporter;
import io.opentelemetry.exporter.otlp.metrics.OtlpGrpcMetricExporterBuilder;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporterBuilder;
import io.opentelemetry.sdk.metrics.export.MetricExporter;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.samplers.Sampler;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * OTLP export, when the config asks for it: spans through an OpenTelemetry SDK tracer provider,
 * behind the bootstrap {@link Spans} entry point that traced woven code calls; and, when
 * {@code exporters.otlp} is set, the registry's metrics every interval.
 */
public final class OtlpExport implements MetricSource {

    /**
     * The SDK logs export failures through java.util.logging, by default onto the application's
     * stderr, on every failed batch. Weft reports such faults itself, once; the logger is held here
     * so its level is not lost to garbage collection.
     */
    private static final Logger SDK_LOGGER = Logger.getLogger(OtlpHttpSpanExporter.class.getName()
            .substring(0, OtlpHttpSpanExporter.class.getName().indexOf(".exporter.")));

    private final SdkTracerProvider provider;
    private final BoundedSpanProcessor processor;
    private final MetricsPush metrics;
    private final OtelSpanHandler spanHandler;
    /** What puts each span family's metrics-only handler back at stop. */
    private final List<Runnable> untrace;
    private final ExecutorService senders;
    private final String description;

    private OtlpExport(SdkTracerProvider provider, BoundedSpanProcessor processor, MetricsPush metrics,
                       OtelSpanHandler spanHandler, List<Runnable> untrace, ExecutorService senders,
                       String description) {
        this.provider = provider;
        this.processor = processor;
        this.metrics = metrics;
        this.spanHandler = spanHandler;
        this.untrace = untrace;
        this.senders = senders;
        this.description = description;
    }

    /** What tracing depends on in a config: when this text changes, tracing is rebuilt. */
    public static String settings(WeftConfig config) {
        StringBuilder spanNames = new StringBuilder();
        config.instrument().stream().filter(s -> s.trace())
                .forEach(s -> spanNames.append(s.name()).append('=').append(s.spanName()).append(' '));
        return config.tracesOrExports() + " " + config.serviceName() + " " + config.tracing().samplerRatio() + " "
                + (config.exporters().otlp() == null ? "" : config.exporters().otlp().canonical()) + " " + spanNames;
    }


    /**
     * Builds the SDK for a config and makes traced woven code use it.
     *
     * @param recordings the built-in span families (HTTP, JDBC, ...), which outlive any one export
     * @param continuity where their tracing handlers report the traces that arrive and leave
     */
    public static OtlpExport start(WeftConfig config, MethodMetrics methods, List<SpanRecording> recordings,
                                   TraceContinuity continuity, MetricRegistry registry, Map<String, String> env,
                                   String javaCommand) {
        SDK_LOGGER.setLevel(Level.OFF);
        OtlpConfig otlp = (config.exporters().otlp() == null ? new OtlpConfig(null, null, null, null, null)
                : config.exporters().otlp())
                .resolve(env);
        if (!List.of(OtlpConfig.HTTP_PROTOBUF, OtlpConfig.GRPC).contains(otlp.protocol())) {
            dev.weft.agent.support.WeftLog.warn("OTEL_EXPORTER_OTLP_PROTOCOL=" + otlp.protocol() + " is not an OTLP protocol "
                    + "Weft speaks (http/protobuf, grpc); using http/protobuf");
            otlp = new OtlpConfig(otlp.endpoint(), OtlpConfig.HTTP_PROTOBUF, otlp.headers(), otlp.timeout(),
                    otlp.interval());
        }
        // Weft's own threads, so the HTTP client instrumentation knows these requests are Weft's.
        ExecutorService senders = Executors.newCachedThreadPool(DaemonThreads.factory("weft-otlp-"));
        boolean grpc = OtlpConfig.GRPC.equals(otlp.protocol());
        String destination = otlp.endpoint() + (grpc ? "" : "/v1/traces");
        BoundedSpanProcessor processor = new BoundedSpanProcessor(spanExporter(otlp, grpc, senders), destination,
                otlp.timeout().toMillis());
        Resource resource = ServiceResource.of(config.serviceName(), env, javaCommand, ServiceIdentity.VERSION);
        SdkTracerProvider provider = SdkTracerProvider.builder()
                .setResource(resource)
                .setSampler(Sampler.parentBased(Sampler.traceIdRatioBased(config.tracing().samplerRatio())))
                .addSpanProcessor(processor)
                .build();
        MdcBridge mdc = new MdcBridge();
        OtelSpanHandler spanHandler = new OtelSpanHandler(provider.get("dev.weft", ServiceIdentity.VERSION), methods, mdc);
        Spans.install(spanHandler);
        List<Runnable> untrace = new ArrayList<>();
        for (SpanRecording recording : recordings) {
            untrace.add(recording.trace(provider.get(recording.tracerName(), ServiceIdentity.VERSION), mdc,
                    config.tracing(), continuity));
        }
        String description = "spans to " + destination + " (" + otlp.protocol() + "), sampler ratio "
                + config.tracing().samplerRatio();

        MetricsPush metrics = null;
        if (config.exporters().otlp() != null) {
            String metricsDestination = otlp.endpoint() + (grpc ? "" : "/v1/metrics");
            metrics = new MetricsPush(registry, metricExporter(otlp, grpc, senders), resource, metricsDestination,
                    otlp.interval(), otlp.timeout());
            description += "; metrics to " + metricsDestination + " every " + otlp.interval().toMillis() + " ms";
        }
        return new OtlpExport(provider, processor, metrics, spanHandler, untrace, senders, description);
    }

    /** OTLP/HTTP through the JDK's client, or OTLP/gRPC through OkHttp. */
    private static SpanExporter spanExporter(OtlpConfig otlp, boolean grpc, ExecutorService senders) {
        if (grpc) {
            OtlpGrpcSpanExporterBuilder builder = OtlpGrpcSpanExporter.builder().setEndpoint(otlp.endpoint())
                    .setTimeout(otlp.timeout()).setExecutorService(senders);
            otlp.headers().forEach(builder::addHeader);
            return builder.build();
        }
        OtlpHttpSpanExporterBuilder builder = OtlpHttpSpanExporter.builder().setEndpoint(otlp.endpoint() + "/v1/traces")
                .setTimeout(otlp.timeout()).setExecutorService(senders);
        otlp.headers().forEach(builder::addHeader);
        return builder.build();
    }

    private static MetricExporter metricExporter(OtlpConfig otlp, boolean grpc, ExecutorService senders) {
        if (grpc) {
            OtlpGrpcMetricExporterBuilder builder = OtlpGrpcMetricExporter.builder().setEndpoint(otlp.endpoint())
                    .setTimeout(otlp.timeout()).setExecutorService(senders);
            otlp.headers().forEach(builder::addHeader);
            return builder.build();
        }
        OtlpHttpMetricExporterBuilder builder = OtlpHttpMetricExporter.builder()
                .setEndpoint(otlp.endpoint() + "/v1/metrics").setTimeout(otlp.timeout()).setExecutorService(senders);
        otlp.headers().forEach(builder::addHeader);
        return builder.build();
    }

    /** E.g. {@code "spans to http://localhost:4318/v1/traces (http/protobuf), sampler ratio 1.0"}. */
    public String describe() {
        return description;
    }

    /** Recent failed and slow spans, for the status page. */
    public RecentSpans recentSpans() {
        return processor.recent;
    }

    /** How the latest span export went. */
    public ExportStatus.Outcome spans() {
        return processor.status.latest();
    }

    /** How the latest metric push went; {@code null} when metrics are not pushed. */
    public ExportStatus.Outcome metricPush() {
        return metrics == null ? null : metrics.status.latest();
    }

    /**
     * Stops this export: its handlers are removed unless another export's have replaced them (spans
     * they started end by themselves all the same), and queued spans get one last export.
     */
    public void stop() {
        Spans.uninstall(spanHandler);
        untrace.forEach(Runnable::run);
        provider.shutdown().join(5, TimeUnit.SECONDS);
        if (metrics != null) {
            metrics.stop();
        }
        senders.shutdown();
    }

    @Override
    public List<MetricSnapshot> collect() {
        return List.of(
                new MetricSnapshot.Counter("weft_spans_exported", "Spans the OTLP endpoint accepted.",
                        List.of(new MetricSnapshot.Point(MetricSnapshot.Labels.EMPTY, processor.exported()))),
                new MetricSnapshot.Counter("weft_spans_dropped",
                        "Sampled spans not exported: export queue full or the endpoint failed.",
                        List.of(new MetricSnapshot.Point(MetricSnapshot.Labels.EMPTY, processor.dropped()))),
                new MetricSnapshot.Counter("weft_metric_exports_failed", "OTLP metric pushes that failed.",
                        List.of(new MetricSnapshot.Point(MetricSnapshot.Labels.EMPTY,
                                metrics == null ? 0 : metrics.failures()))));
    }
}
