package dev.weft.agent.metrics;

import io.prometheus.client.Collector;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns registry snapshots into the Prometheus client's metric families, so the client library
 * writes the text and OpenMetrics formats and Weft never formats them by hand.
 */
public final class PrometheusCollector extends Collector {

    private final MetricRegistry registry;

    public PrometheusCollector(MetricRegistry registry) {
        this.registry = registry;
    }

    @Override
    public List<MetricFamilySamples> collect() {
        List<MetricFamilySamples> families = new ArrayList<>();
        for (MetricSnapshot snapshot : registry.snapshot()) {
            families.add(convert(snapshot));
        }
        return families;
    }

    static MetricFamilySamples convert(MetricSnapshot snapshot) {
        List<MetricFamilySamples.Sample> samples = new ArrayList<>();
        if (snapshot instanceof MetricSnapshot.Counter counter) {
            for (MetricSnapshot.Point point : counter.points()) {
                samples.add(sample(counter.name() + "_total", point.labels(), point.value()));
            }
            return new MetricFamilySamples(counter.name(), Type.COUNTER, counter.help(), samples);
        }
        if (snapshot instanceof MetricSnapshot.Gauge gauge) {
            for (MetricSnapshot.Point point : gauge.points()) {
                samples.add(sample(gauge.name(), point.labels(), point.value()));
            }
            return new MetricFamilySamples(gauge.name(), Type.GAUGE, gauge.help(), samples);
        }
        MetricSnapshot.Histogram histogram = (MetricSnapshot.Histogram) snapshot;
        for (MetricSnapshot.HistogramPoint point : histogram.points()) {
            List<String> names = new ArrayList<>(point.labels().names());
            names.add("le");
            long cumulative = 0;
            long[] counts = point.bucketCounts();
            for (int i = 0; i < counts.length; i++) {
                cumulative += counts[i];
                List<String> values = new ArrayList<>(point.labels().values());
                values.add(i < histogram.upperBounds().size()
                        ? Collector.doubleToGoString(histogram.upperBounds().get(i)) : "+Inf");
                samples.add(new MetricFamilySamples.Sample(histogram.name() + "_bucket", names, values, cumulative));
            }
            samples.add(sample(histogram.name() + "_count", point.labels(), cumulative));
            samples.add(sample(histogram.name() + "_sum", point.labels(), point.sum()));
        }
        return new MetricFamilySamples(histogram.name(), histogram.unit(), Type.HISTOGRAM, histogram.help(), samples);
    }

    private static MetricFamilySamples.Sample sample(String name, MetricSnapshot.Labels labels, double value) {
        return new MetricFamilySamples.Sample(name, labels.names(), labels.values(), value);
    }
}
