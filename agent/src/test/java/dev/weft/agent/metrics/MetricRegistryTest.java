package dev.weft.agent.metrics;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class MetricRegistryTest {

    private static MetricSnapshot gauge(String name, double value) {
        return new MetricSnapshot.Gauge(name, "help", List.of(new MetricSnapshot.Point(MetricSnapshot.Labels.EMPTY, value)));
    }

    @Test
    void aFailingSourceCostsOnlyItsOwnMetrics() {
        MetricRegistry registry = new MetricRegistry();
        registry.register(() -> List.of(gauge("before", 1)));
        registry.register(() -> {
            throw new IllegalStateException("a management bean gave up");
        });
        registry.register(() -> List.of(gauge("after", 2)));

        List<MetricSnapshot> first = registry.snapshot();
        List<MetricSnapshot> second = registry.snapshot();

        assertEquals(List.of("before", "after"), first.stream().map(MetricSnapshot::name).toList());
        assertEquals(first.stream().map(MetricSnapshot::name).toList(), second.stream().map(MetricSnapshot::name).toList());
        assertEquals(2, registry.failures(), "counted each time it failed");
    }
}
