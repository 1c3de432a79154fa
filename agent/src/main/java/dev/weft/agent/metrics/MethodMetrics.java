package dev.weft.agent.metrics;

import dev.weft.agent.config.Capture;
import dev.weft.agent.config.Recording;
import dev.weft.agent.config.Selector;
import dev.weft.bootstrap.MethodProbe;
import dev.weft.bootstrap.Probes;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The probes of woven methods, one per (selector, class, method name) so overloads share a
 * series, and their export as {@code weft_method_*} families.
 */
public final class MethodMetrics implements MetricSource {

    public static final String DURATION_SUFFIX = "_duration_seconds";
    public static final String CALLS_SUFFIX = "_calls";
    public static final String ERRORS_SUFFIX = "_errors";
    public static final String INFLIGHT_SUFFIX = "_inflight";

    /** Distinct exception classes per method before the rest are counted as "other". */
    static final int MAX_EXCEPTION_TYPES = 32;

    private static final List<String> LABELS = List.of("selector", "class", "method");

    private record Key(String selector, String className, String method) {
        // Written out: a record's generated equals and hashCode are linked through method handles on
        // first use, which costs tens of milliseconds when the first class is woven.
        @Override
        public boolean equals(Object other) {
            return other instanceof Key that && selector.equals(that.selector) && className.equals(that.className)
                    && method.equals(that.method);
        }

        @Override
        public int hashCode() {
            return (selector.hashCode() * 31 + className.hashCode()) * 31 + method.hashCode();
        }
    }

    /** One probe and what is known of it; exported while at least one method is woven with it. */
    public static final class Entry {
        private final Key key;
        private final int id;
        private final MethodProbe probe;
        /** The latest selector's {@code record}: a reload may change it without changing the series. */
        private volatile Set<Recording> recordings;
        /** The name of this method's spans, when its selector traces. */
        private volatile String spanName;
        /** The series prefix, {@code weft_method} unless the selector names a {@code metric}. */
        private volatile String metricName;
        /** True when the selector captures labels: the series are per label set. */
        private volatile boolean labeled;
        /** Recent history, for windowed rates and quantiles: one ring per resolution (tick in ms). */
        final ConcurrentHashMap<Long, WindowRing> windows = new ConcurrentHashMap<>();

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

        public String className() {
            return key.className;
        }

        public String method() {
            return key.method;
        }

        public String spanName() {
            return spanName;
        }

        public String metricName() {
            return metricName;
        }

        public Set<Recording> recordings() {
            return recordings;
        }

        MethodProbe probe() {
            return probe;
        }

        /** Every duration since start. */
        public Distribution distribution() {
            return new Distribution(probe.layout(), probe.slotCounts(), probe.sumNanos());
        }

        /**
         * Calls so far, timed or only counted: one counter whatever {@code record} says now, so a
         * reload that switches the timer on or off never makes it jump or go back.
         */
        public long calls() {
            return probe.calls();
        }

        public long errors() {
            long[] total = {0};
            probe.errors().forEach((type, count) -> total[0] += count);
            return total[0];
        }

        public long inflight() {
            return probe.inflight();
        }
    }

    /** A method running with a probe now: the probe and the method's signature. */
    public record WovenMethod(Entry entry, String signature) {
    }

    private final List<Double> bucketsSeconds;
    private final long[] bucketsNanos;
    private final ConcurrentHashMap<Key, Entry> entries = new ConcurrentHashMap<>();
    /** Entries by probe id, for the span handler, which woven code calls with the id alone. */
    private volatile Entry[] byId = new Entry[256];
    private volatile int idsIssued;
    /**
     * What is woven right now, per class loader and class name. Loaders are held weakly: when an
     * application drops a loader, its classes stop counting as woven and their series go away.
     */
    private final Map<ClassLoader, Map<String, List<WovenMethod>>> wovenByLoader = new WeakHashMap<>();
    private final Map<String, List<WovenMethod>> wovenInBootLoader = new HashMap<>();

    private final CapturedMetrics captured;

    public MethodMetrics(List<Double> bucketsSeconds) {
        this(bucketsSeconds, dev.weft.agent.config.MetricsConfig.DEFAULT_MAX_SERIES);
    }

    /** @param maxSeries label sets per captured metric before the rest share {@code other} */
    public MethodMetrics(List<Double> bucketsSeconds, int maxSeries) {
        this.bucketsSeconds = List.copyOf(bucketsSeconds);
        this.bucketsNanos = nanos(bucketsSeconds);
        this.captured = new CapturedMetrics(this, maxSeries);
    }

    /** A probe with this registry's buckets, registered nowhere yet. */
    MethodProbe newProbe() {
        return new MethodProbe(bucketsNanos, MAX_EXCEPTION_TYPES);
    }

    List<Double> bucketsSeconds() {
        return bucketsSeconds;
    }

    /** The series of selectors with labels or a value: a metric source, and the handler woven code calls. */
    public CapturedMetrics captured() {
        return captured;
    }

    /** Histogram bounds in seconds as the nanoseconds a {@link MethodProbe} compares durations with. */
    public static long[] nanos(List<Double> boundsSeconds) {
        long[] nanos = new long[boundsSeconds.size()];
        for (int i = 0; i < nanos.length; i++) {
            nanos[i] = Math.round(boundsSeconds.get(i) * 1e9);
        }
        return nanos;
    }

    /** The probe for a method, created and registered on first use (weave time). */
    public Entry probeFor(Selector selector, String className, String methodName) {
        Entry entry = entries.computeIfAbsent(new Key(selector.name(), className, methodName), key -> {
            MethodProbe probe = newProbe();
            Entry created = new Entry(key, Probes.register(probe), probe, selector.record());
            index(created);
            return created;
        });
        entry.recordings = selector.record();
        entry.metricName = selector.metricName();
        entry.labeled = !selector.capture().labels().isEmpty();
        captured.plan(entry, selector);
        entry.spanName = selector.trace() ? spanName(selector.spanName(), className, methodName) : null;
        return entry;
    }

    /** {@code SimpleClassName.method}, or the selector's {@code span-name} with {@code {class}} and {@code {method}} filled in. */
    static String spanName(String template, String className, String methodName) {
        String simpleName = className.substring(className.lastIndexOf('.') + 1);
        return template == null ? simpleName + "." + methodName
                : template.replace("{class}", simpleName).replace("{method}", methodName);
    }

    /** One more than the highest probe id of these metrics so far: entries made from now on have ids at or above it. */
    int idsIssued() {
        return idsIssued;
    }

    private synchronized void index(Entry entry) {
        idsIssued = Math.max(idsIssued, entry.id + 1);
        Entry[] current = byId;
        if (entry.id >= current.length) {
            current = java.util.Arrays.copyOf(current, Math.max(current.length * 2, entry.id + 1));
        }
        current[entry.id] = entry;
        byId = current;
    }

    /** The entry of a probe id, or {@code null} when the id is not one of these metrics'. */
    public Entry entry(int id) {
        Entry[] current = byId;
        return id >= 0 && id < current.length ? current[id] : null;
    }

    /** Records what a class runs with now that it was (re)defined; an empty list means unwoven. */
    public void commit(ClassLoader loader, String className, List<WovenMethod> methods) {
        synchronized (wovenByLoader) {
            Map<String, List<WovenMethod>> classes = loader == null ? wovenInBootLoader
                    : wovenByLoader.computeIfAbsent(loader, l -> new HashMap<>());
            if (methods.isEmpty()) {
                classes.remove(className);
            } else {
                classes.put(className, List.copyOf(methods));
            }
        }
    }

    /** What a class runs with now; empty when it is not woven. */
    public List<WovenMethod> wovenIn(ClassLoader loader, String className) {
        synchronized (wovenByLoader) {
            Map<String, List<WovenMethod>> classes = loader == null ? wovenInBootLoader : wovenByLoader.get(loader);
            List<WovenMethod> methods = classes == null ? null : classes.get(className);
            return methods == null ? List.of() : methods;
        }
    }

    /** Every method woven right now, in no particular order. */
    public List<WovenMethod> woven() {
        List<WovenMethod> all = new ArrayList<>();
        synchronized (wovenByLoader) {
            wovenInBootLoader.values().forEach(all::addAll);
            for (Map<String, List<WovenMethod>> classes : wovenByLoader.values()) {
                classes.values().forEach(all::addAll);
            }
        }
        return all;
    }

    /** Number of methods a selector has woven right now. */
    public int wovenMethods(String selector) {
        int total = 0;
        for (WovenMethod method : woven()) {
            if (method.entry().selector().equals(selector)) {
                total++;
            }
        }
        return total;
    }

    /** The probes of the methods woven now, each once, by selector, class and method. */
    public List<Entry> live() {
        Set<Entry> distinct = Collections.newSetFromMap(new IdentityHashMap<>());
        for (WovenMethod method : woven()) {
            distinct.add(method.entry());
        }
        List<Entry> live = new ArrayList<>(distinct);
        live.sort(Comparator.comparing((Entry e) -> e.key.selector)
                .thenComparing(e -> e.key.className).thenComparing(e -> e.key.method));
        return live;
    }

    @Override
    public List<MetricSnapshot> collect() {
        Map<String, List<Entry>> byMetric = new java.util.TreeMap<>();
        for (Entry entry : live()) {
            byMetric.computeIfAbsent(entry.metricName, name -> new ArrayList<>()).add(entry);
        }
        List<MetricSnapshot> families = new ArrayList<>();
        for (Map.Entry<String, List<Entry>> metric : byMetric.entrySet()) {
            families.addAll(families(metric.getKey(), metric.getValue()));
        }
        if (!byMetric.containsKey(Capture.DEFAULT_METRIC)) {
            families.addAll(families(Capture.DEFAULT_METRIC, List.of())); // the families exist from the start
        }
        return families;
    }

    /** The four families of one metric prefix. */
    private List<MetricSnapshot> families(String prefix, List<Entry> live) {
        // A metric with captured labels has its durations, calls and errors per label set, served by
        // the captured metrics; in-flight (counted before the labels are known) stays here.
        boolean labeled = !live.isEmpty() && live.get(0).labeled;
        List<MetricSnapshot.HistogramPoint> durations = new ArrayList<>();
        List<MetricSnapshot.Point> calls = new ArrayList<>();
        List<MetricSnapshot.Point> errors = new ArrayList<>();
        List<MetricSnapshot.Point> inflight = new ArrayList<>();
        for (Entry entry : live) {
            MetricSnapshot.Labels labels = new MetricSnapshot.Labels(LABELS,
                    List.of(entry.key.selector, entry.key.className, entry.key.method));
            if (!labeled) {
                addPoints(entry.recordings, entry.probe, labels, durations, calls, errors);
            }
            if (entry.recordings.contains(Recording.INFLIGHT)) {
                inflight.add(new MetricSnapshot.Point(labels, entry.probe.inflight()));
            }
        }
        List<MetricSnapshot> families = new ArrayList<>();
        if (!labeled) {
            families.add(new MetricSnapshot.Histogram(prefix + DURATION_SUFFIX, "Duration of calls to selected methods.",
                    "seconds", bucketsSeconds, durations));
            families.add(new MetricSnapshot.Counter(prefix + CALLS_SUFFIX, "Calls to selected methods.", calls));
            families.add(new MetricSnapshot.Counter(prefix + ERRORS_SUFFIX,
                    "Calls to selected methods that threw, by exception class.", errors));
        }
        families.add(new MetricSnapshot.Gauge(prefix + INFLIGHT_SUFFIX, "Calls to selected methods running now.", inflight));
        return families;
    }

    /** One probe's duration, call and error points under these labels, as its recordings say. */
    static void addPoints(Set<Recording> recordings, MethodProbe probe, MetricSnapshot.Labels labels,
                          List<MetricSnapshot.HistogramPoint> durations, List<MetricSnapshot.Point> calls,
                          List<MetricSnapshot.Point> errors) {
        MetricSnapshot.HistogramPoint duration = null;
        if (recordings.contains(Recording.TIMER)) {
            duration = new MetricSnapshot.HistogramPoint(labels, probe.bucketCounts(), probe.sumNanos() / 1e9);
            durations.add(duration);
        }
        if (recordings.contains(Recording.COUNT)) {
            // the calls timed (as in this snapshot's histogram) and the calls only counted: one counter
            // across reloads that switch the timer on or off
            long timed = duration != null ? duration.count() : probe.timedCalls();
            calls.add(new MetricSnapshot.Point(labels, timed + probe.untimedCalls()));
        }
        if (recordings.contains(Recording.ERRORS)) {
            List<String> names = new ArrayList<>(labels.names());
            names.add("exception");
            probe.errors().forEach((type, count) -> {
                List<String> values = new ArrayList<>(labels.values());
                values.add(type);
                errors.add(new MetricSnapshot.Point(new MetricSnapshot.Labels(names, values), count));
            });
        }
    }
}
