package dev.weft.agent.config;

import java.time.Duration;
import java.util.Map;

/**
 * {@code exporters.otlp}: where spans and metrics are pushed. As read from the YAML, a field left
 * out is {@code null}; {@link #resolve} fills it from the standard {@code OTEL_EXPORTER_OTLP_*}
 * variables, then from OpenTelemetry's defaults.
 *
 * @param endpoint base URL, e.g. {@code http://collector:4318}; the signal paths are appended
 * @param protocol {@code http/protobuf} or {@code grpc}
 * @param headers  sent with every export (e.g. an API key); their values are never logged
 * @param timeout  per export
 * @param interval how often the registry's metrics are pushed
 */
public record OtlpConfig(String endpoint, String protocol, Map<String, String> headers, Duration timeout,
                         Duration interval) {

    public static final String DEFAULT_ENDPOINT = "http://localhost:4318";
    public static final String DEFAULT_GRPC_ENDPOINT = "http://localhost:4317";
    public static final String HTTP_PROTOBUF = "http/protobuf";
    public static final String GRPC = "grpc";
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(60);

    /** The settings with every gap filled: YAML first, then the environment, then the defaults. */
    public OtlpConfig resolve(Map<String, String> env) {
        String resolvedProtocol = protocol != null ? protocol
                : env.getOrDefault("OTEL_EXPORTER_OTLP_PROTOCOL", HTTP_PROTOBUF);
        String resolvedEndpoint = endpoint != null ? endpoint
                : env.getOrDefault("OTEL_EXPORTER_OTLP_ENDPOINT",
                GRPC.equals(resolvedProtocol.trim()) ? DEFAULT_GRPC_ENDPOINT : DEFAULT_ENDPOINT);
        Map<String, String> resolvedHeaders = headers != null ? headers
                : keyValueList(env.getOrDefault("OTEL_EXPORTER_OTLP_HEADERS", ""));
        Duration resolvedTimeout = timeout != null ? timeout
                : millis(env.get("OTEL_EXPORTER_OTLP_TIMEOUT"), DEFAULT_TIMEOUT);
        Duration resolvedInterval = interval != null ? interval
                : millis(env.get("OTEL_METRIC_EXPORT_INTERVAL"), DEFAULT_INTERVAL);
        return new OtlpConfig(stripSlash(resolvedEndpoint.trim()), resolvedProtocol.trim(), resolvedHeaders,
                resolvedTimeout, resolvedInterval);
    }

    /**
     * The format of {@code OTEL_EXPORTER_OTLP_HEADERS} and {@code OTEL_RESOURCE_ATTRIBUTES}:
     * {@code key1=value1,key2=value2}, values URL-encoded.
     */
    public static Map<String, String> keyValueList(String text) {
        Map<String, String> parsed = new java.util.LinkedHashMap<>();
        for (String pair : text.split(",")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                parsed.put(pair.substring(0, eq).trim(), java.net.URLDecoder.decode(pair.substring(eq + 1).trim(),
                        java.nio.charset.StandardCharsets.UTF_8));
            }
        }
        return Map.copyOf(parsed);
    }

    private static Duration millis(String text, Duration fallback) {
        try {
            return text == null ? fallback : Duration.ofMillis(Long.parseLong(text.trim()));
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    /** Every setting, header values included: for telling whether a reload changed anything. Never logged. */
    public String canonical() {
        return endpoint + " " + protocol + " " + headers + " " + timeout + " " + interval;
    }

    @Override
    public String toString() {
        return "OTLP " + protocol + " to " + endpoint + (headers == null || headers.isEmpty() ? "" : " with headers " + headers.keySet());
    }
}
