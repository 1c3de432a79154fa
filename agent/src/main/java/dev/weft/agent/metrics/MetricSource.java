package dev.weft.agent.metrics;

import java.util.List;

/** Something that contributes metric families to a scrape. */
@FunctionalInterface
public interface MetricSource {
    List<MetricSnapshot> collect();
}
