package dev.weft.agent.config;

import java.util.List;

/**
 * The validated config, one section per part of the YAML: what to weave, what to leave alone,
 * what to measure and where to send it.
 *
 * @param source           the file it came from, or {@code null} when Weft runs without one
 * @param service          {@code service:}
 * @param instrument       {@code instrument:}, the selectors in force in file order
 * @param exclude          {@code exclude:}
 * @param slos             {@code slos:}, service level objectives evaluated in the agent
 * @param exporters        {@code exporters:}
 * @param metrics          {@code metrics:}
 * @param tracing          {@code tracing:}
 * @param instrumentations {@code instrumentations:}, the built-ins switched on or off
 */
public record WeftConfig(String source, ServiceConfig service, List<Selector> instrument, List<Selector> exclude,
                         List<Slo> slos, ExportersConfig exporters, MetricsConfig metrics, TracingConfig tracing,
                         InstrumentationsConfig instrumentations) {

    /** The config in force when there is no file, or the file cannot be used at all. */
    public static WeftConfig empty(String source, String serviceName) {
        return new WeftConfig(source, new ServiceConfig(serviceName), List.of(), List.of(), List.of(),
                ExportersConfig.DEFAULT, MetricsConfig.DEFAULT, TracingConfig.DEFAULT, InstrumentationsConfig.NONE);
    }

    /** The service's name, never {@code null}. */
    public String serviceName() {
        return service.name();
    }

    /** {@code exporters.prometheus}: the endpoint's address, auth and TLS. */
    public PrometheusConfig prometheus() {
        return exporters.prometheus();
    }

    public WeftConfig withPort(int port) {
        return new WeftConfig(source, service, instrument, exclude, slos, exporters.withPort(port), metrics, tracing,
                instrumentations);
    }

    public WeftConfig withBuckets(List<Double> buckets) {
        return new WeftConfig(source, service, instrument, exclude, slos, exporters, metrics.withBuckets(buckets),
                tracing, instrumentations);
    }

    /** True when the config has anything to trace or to export over OTLP. */
    public boolean tracesOrExports() {
        return exporters.otlp() != null || instrument.stream().anyMatch(Selector::trace);
    }

    /**
     * Everything the config says but the secrets' values, as text, section by section: equal texts
     * (and equal {@code exporters.prometheus} auth and TLS) act alike.
     */
    public String canonical() {
        StringBuilder text = new StringBuilder(service.canonical());
        for (Selector selector : instrument) {
            text.append("\ninstrument ").append(selector.name()).append(": ").append(selector.definition());
        }
        for (Selector selector : exclude) {
            text.append("\nexclude ").append(selector.definition());
        }
        for (Slo slo : slos) {
            text.append("\nslo ").append(slo.canonical());
        }
        return text.append('\n').append(exporters.canonical())
                .append('\n').append(metrics.canonical())
                .append('\n').append(tracing.canonical())
                .append('\n').append(instrumentations.canonical()).toString();
    }
}
