package dev.weft.agent.metrics;

import dev.weft.agent.config.Recording;
import dev.weft.agent.config.Selector;
import dev.weft.bootstrap.MethodProbe;
import dev.weft.bootstrap.Probes;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The probes of woven methods, one per (selector, class, method name) so overloads share a
 * series, and their export as {@code weft_method_*} families.
 */
public final class MethodMetrics implements MetricSource {

    public static final String DURATION = "weft_method_duration_seconds";
    public static final String CALLS = "weft_method_calls";
    public static final String ERRORS = "weft_method_errors";
    public static final String INFLIGHT = "weft_method_inflight";

    /** Distinct exception classes per method before the rest are counted as "other". */
    static final int MAX_EXCEPTION_TYPES = 32;

    private static final List<String> LABELS = List.of("selector", "class", "method");
    private static final List<String> ERROR_LABELS = List.of("selector", "class", "method", "exception");

    private record Key(String selector, String className, String method) {
    }

    /** One probe and what is known of it; exported once at least one method is woven with it. */
    public static final class Entry {
        private final Key key;
        private final int id;
        private final MethodProbe probe;
        private final Set<Recording> recordings;
        private final AtomicInteger wovenMethods = new AtomicInteger();

        private Entry(Key key, int id, MethodProbe probe, Set<Recording> recordings) {
            this.key = key;
            this.id = id;
            this.probe = probe;
            this.recordings = recordings;
        }

        public int id() {
            return id;
        }

        public String selector() {
            return key.selector;
        }
    }

    private final List<Double> bucketsSeconds;
    private final long[] bucketsNanos;
    private final ConcurrentHashMap<Key, Entry> entries = new ConcurrentHashMap<>();

    public MethodMetrics(List<Double> bucketsSeconds) {
        this.bucketsSeconds = List.copyOf(bucketsSeconds);
        this.bucketsNanos = new long[bucketsSeconds.size()];
        for (int i = 0; i < bucketsNanos.length; i++) {
            bucketsNanos[i] = Math.round(bucketsSeconds.get(i) * 1e9);
        }
    }

    /** The probe for a method, created and registered on first use (weave time). */
    public Entry probeFor(Selector selector, String className, String methodName) {
        return entries.computeIfAbsent(new Key(selector.name(), className, methodName), key -> {
            MethodProbe probe = new MethodProbe(bucketsNanos, MAX_EXCEPTION_TYPES);
            return new Entry(key, Probes.register(probe), probe, selector.record());
        });
    }

    /** Records that {@code methods} more methods now run with this probe. */
    public void woven(Entry entry, int methods) {
        entry.wovenMethods.addAndGet(methods);
    }

    /** Number of woven methods of a selector. */
    public int wovenMethods(String selector) {
        int total = 0;
        for (Entry entry : entries.values()) {
            if (entry.key.selector.equals(selector)) {
                total += entry.wovenMethods.get();
            }
        }
        return total;
    }

    @Override
    public List<MetricSnapshot> collect() {
        List<Entry> live = new ArrayList<>();
        for (Entry entry : entries.values()) {
            if (entry.wovenMethods.get() > 0) {
                live.add(entry);
            }
        }
        live.sort(Comparator.comparing((Entry e) -> e.key.selector)
                .thenComparing(e -> e.key.className).thenComparing(e -> e.key.method));

        List<MetricSnapshot.HistogramPoint> durations = new ArrayList<>();
        List<MetricSnapshot.Point> calls = new ArrayList<>();
        List<MetricSnapshot.Point> errors = new ArrayList<>();
        List<MetricSnapshot.Point> inflight = new ArrayList<>();
        for (Entry entry : live) {
            MetricSnapshot.Labels labels = new MetricSnapshot.Labels(LABELS,
                    List.of(entry.key.selector, entry.key.className, entry.key.method));
            MethodProbe probe = entry.probe;
            MetricSnapshot.HistogramPoint duration = null;
            if (entry.recordings.contains(Recording.TIMER)) {
                duration = new MetricSnapshot.HistogramPoint(labels, probe.bucketCounts(), probe.sumNanos() / 1e9);
                durations.add(duration);
            }
            if (entry.recordings.contains(Recording.COUNT)) {
                long count = duration != null ? duration.count() : probe.untimedCalls();
                calls.add(new MetricSnapshot.Point(labels, count));
            }
            if (entry.recordings.contains(Recording.ERRORS)) {
                probe.errors().forEach((type, count) -> errors.add(new MetricSnapshot.Point(
                        new MetricSnapshot.Labels(ERROR_LABELS,
                                List.of(entry.key.selector, entry.key.className, entry.key.method, type)),
                        count)));
            }
            if (entry.recordings.contains(Recording.INFLIGHT)) {
                inflight.add(new MetricSnapshot.Point(labels, probe.inflight()));
            }
        }
        List<MetricSnapshot> families = new ArrayList<>();
        families.add(new MetricSnapshot.Histogram(DURATION, "Duration of calls to selected methods.", "seconds",
                bucketsSeconds, durations));
        families.add(new MetricSnapshot.Counter(CALLS, "Calls to selected methods.", calls));
        families.add(new MetricSnapshot.Counter(ERRORS, "Calls to selected methods that threw, by exception class.", errors));
        families.add(new MetricSnapshot.Gauge(INFLIGHT, "Calls to selected methods running now.", inflight));
        return families;
    }
}
