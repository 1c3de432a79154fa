package dev.weft.agent.config;

/**
 * {@code exporters:}.
 *
 * @param prometheus the endpoint Prometheus scrapes; always there, its defaults when not written
 * @param otlp       {@code exporters.otlp} as written, {@code null} when absent (no OTLP push)
 */
public record ExportersConfig(PrometheusConfig prometheus, OtlpConfig otlp) {

    public static final ExportersConfig DEFAULT = new ExportersConfig(PrometheusConfig.DEFAULT, null);

    public ExportersConfig withPort(int port) {
        return new ExportersConfig(prometheus.withPort(port), otlp);
    }

    public String canonical() {
        return prometheus.canonical() + "\notlp " + (otlp == null ? "none" : otlp.canonical());
    }
}
