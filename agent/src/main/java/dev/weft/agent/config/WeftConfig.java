package dev.weft.agent.config;

import java.util.List;

/**
 * The validated config: what to weave, what to leave alone, where to serve metrics.
 *
 * @param source             the file it came from, or {@code null} when Weft runs without one
 * @param serviceName        the service's name, never {@code null}
 * @param auth               what every endpoint but {@code /health} asks for; {@code null} for none
 * @param tls                HTTPS for the endpoint; {@code null} for plain HTTP
 * @param bucketsSeconds     histogram upper bounds, strictly increasing
 * @param otlp               {@code exporters.otlp} as written, {@code null} when absent
 * @param samplerRatio       share of root traces sampled, 0..1
 * @param runtimeMetrics     whether the JVM's own metrics are served
 * @param slos               service level objectives, evaluated in the agent
 * @param maxSeries          label sets per captured metric before the rest share {@code other}
 * @param window             the sliding window of the per-method quantiles, rates and error ratios
 */
public record WeftConfig(String source, String serviceName, List<Selector> instrument, List<Selector> exclude,
                         String prometheusHost, int prometheusPort, EndpointAuth auth, TlsConfig tls,
                         List<Double> bucketsSeconds, OtlpConfig otlp, double samplerRatio, boolean runtimeMetrics,
                         List<Slo> slos, int maxSeries, java.time.Duration window) {

    public static final int DEFAULT_MAX_SERIES = 2000;
    public static final java.time.Duration DEFAULT_WINDOW = java.time.Duration.ofMinutes(1);

    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 9464;
    public static final List<Double> DEFAULT_BUCKETS = List.of(
            0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0);

    /** The config in force when there is no file, or the file cannot be used at all. */
    public static WeftConfig empty(String source, String serviceName) {
        return new WeftConfig(source, serviceName, List.of(), List.of(), DEFAULT_HOST, DEFAULT_PORT, null, null,
                DEFAULT_BUCKETS, null, 1.0, true, List.of(), DEFAULT_MAX_SERIES, DEFAULT_WINDOW);
    }

    public WeftConfig withPort(int port) {
        return new WeftConfig(source, serviceName, instrument, exclude, prometheusHost, port, auth, tls, bucketsSeconds,
                otlp, samplerRatio, runtimeMetrics, slos, maxSeries, window);
    }

    public WeftConfig withBuckets(List<Double> buckets) {
        return new WeftConfig(source, serviceName, instrument, exclude, prometheusHost, prometheusPort, auth, tls, buckets,
                otlp, samplerRatio, runtimeMetrics, slos, maxSeries, window);
    }

    /** Everything the config says but the token's value, as text: equal texts and tokens act alike. */
    public String canonical() {
        StringBuilder text = new StringBuilder("service ").append(serviceName);
        for (Selector selector : instrument) {
            text.append("\ninstrument ").append(selector.name()).append(": ").append(selector.definition());
        }
        for (Selector selector : exclude) {
            text.append("\nexclude ").append(selector.definition());
        }
        for (Slo slo : slos) {
            text.append("\nslo ").append(slo.canonical());
        }
        return text.append("\nprometheus ").append(prometheusHost).append(':').append(prometheusPort)
                .append(" auth ").append(auth == null ? "none" : auth.getClass().getSimpleName() + " " + auth.source())
                .append(" tls ").append(tls == null ? "none" : tls.keystore())
                .append("\nbuckets ").append(bucketsSeconds)
                .append("\notlp ").append(otlp == null ? "none" : otlp.canonical())
                .append("\nsampler ").append(samplerRatio)
                .append("\nruntime metrics ").append(runtimeMetrics)
                .append("\nmax series ").append(maxSeries)
                .append("\nwindow ").append(window).toString();
    }
}
