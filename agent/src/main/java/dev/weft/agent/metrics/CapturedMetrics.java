package dev.weft.agent.metrics;

import dev.weft.agent.support.WeftLog;
import dev.weft.agent.config.Capture;
import dev.weft.agent.config.Recording;
import dev.weft.agent.config.Selector;
import dev.weft.bootstrap.CaptureHandler;
import dev.weft.bootstrap.MethodProbe;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

/**
 * Business metrics without code: for selectors with {@code labels:} or {@code value:}, each call's
 * arguments and return value become label values (one series per distinct set) and a number summed
 * into {@code <metric>_total}.
 *
 * <p>Label sets are capped per metric ({@code metrics.max-series}): past the cap, calls with a new
 * set are counted in one series whose labels all read {@code other}, and in
 * {@code weft_series_dropped_total{metric}}, so a label fed by an unbounded value (a user id) costs
 * bounded memory.
 */
public final class CapturedMetrics implements MetricSource, CaptureHandler {

    static final String OTHER = "other";

    private final MethodMetrics methods;
    private final int maxSeries;
    private volatile Plan[] plans = new Plan[256];
    /** Label sets in use per metric, against the cap; shared by every method of the metric. */
    private final ConcurrentHashMap<String, AtomicInteger> seriesPerMetric = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, LongAdder> dropped = new ConcurrentHashMap<>();

    /** @param methods the method probes whose calls these series break down, and whose buckets they share */
    CapturedMetrics(MethodMetrics methods, int maxSeries) {
        this.methods = methods;
        this.maxSeries = maxSeries;
    }

    /** One label set's figures. */
    private static final class Series {
        final List<String> labelValues;
        /** Durations, calls and errors; {@code null} when the selector has no labels (the method's own series serve). */
        final MethodProbe probe;
        final DoubleAdder sum = new DoubleAdder();

        Series(List<String> labelValues, MethodProbe probe) {
            this.labelValues = labelValues;
            this.probe = probe;
        }
    }

    /** What one woven method captures, and its series. */
    private final class Plan {
        final MethodMetrics.Entry entry;
        final Capture capture;
        final String metric;
        /** What to record; a reload may change it, and the series keep their counts. */
        volatile int flags;
        final ValuePath[] labels;
        final ValuePath value;
        final ConcurrentHashMap<List<String>, Series> series = new ConcurrentHashMap<>();
        volatile Series other;

        Plan(MethodMetrics.Entry entry, Selector selector) {
            this.entry = entry;
            this.capture = selector.capture();
            this.metric = selector.metricName();
            // in-flight needs the call's start, which is before the labels are known: it stays on the method's series
            this.flags = Recording.flags(selector.record()) & ~dev.weft.bootstrap.Probes.INFLIGHT;
            this.labels = capture.labels().values().stream().map(ValuePath::parse).toArray(ValuePath[]::new);
            this.value = capture.value() == null ? null : ValuePath.parse(capture.value());
        }

        void record(long nanos, Throwable thrown, Object[] args, Object returned) {
            Series target = seriesFor(args, returned);
            if (target.probe != null) {
                target.probe.record(flags, nanos, thrown);
            }
            if (value != null && thrown == null) {
                Object number = read(value, args, returned);
                if (number instanceof Number n) {
                    add(target, n);
                } else if (number != null && number != ValuePath.MISSING) {
                    WeftLog.warnOnce("value:" + entry.selector(), "selector '" + entry.selector() + "': value "
                            + value + " is a " + number.getClass().getName() + ", not a number; not summed. Said once.");
                }
            }
        }

        /** Sums a number; one whose {@code doubleValue()} throws (an application's own Number) is left out, said once. */
        private void add(Series target, Number n) {
            double amount;
            try {
                amount = n.doubleValue();
            } catch (Exception | LinkageError | StackOverflowError e) {
                WeftLog.warnOnce("value:" + entry.selector() + ":doubleValue", "selector '" + entry.selector()
                        + "': " + value + ".doubleValue() failed (" + e + "); not summed. Said once.");
                return;
            }
            target.sum.add(amount);
        }

        private Series seriesFor(Object[] args, Object returned) {
            String[] values = new String[labels.length];
            for (int i = 0; i < labels.length; i++) {
                values[i] = labelValue(labels[i], read(labels[i], args, returned));
            }
            List<String> key = Arrays.asList(values);
            Series found = series.get(key);
            if (found != null) {
                return found;
            }
            AtomicInteger inUse = seriesPerMetric.computeIfAbsent(metric, m -> new AtomicInteger());
            if (inUse.incrementAndGet() > maxSeries) {
                inUse.decrementAndGet();
                dropped.computeIfAbsent(metric, m -> new LongAdder()).increment();
                Series overflow = other;
                if (overflow == null) {
                    synchronized (this) {
                        if (other == null) {
                            other = newSeries(java.util.Collections.nCopies(labels.length, OTHER));
                        }
                        overflow = other;
                    }
                }
                return overflow;
            }
            Series created = newSeries(key);
            Series raced = series.putIfAbsent(key, created);
            if (raced != null) {
                inUse.decrementAndGet();
                return raced;
            }
            return created;
        }

        /**
         * The value's text as a label, or {@code error} when its {@code toString()} throws: the call
         * is still counted, under the same label set a throwing getter gives.
         */
        private String labelValue(ValuePath path, Object value) {
            try {
                return ValuePath.labelValue(value);
            } catch (Exception | LinkageError | StackOverflowError e) {
                WeftLog.warnOnce("capture:" + entry.selector() + ":" + path + ":toString", "selector '"
                        + entry.selector() + "': " + path + ".toString() failed (" + e + "); the label reads '"
                        + ValuePath.ERROR + "'. Said once.");
                return ValuePath.ERROR;
            }
        }

        private Series newSeries(List<String> labelValues) {
            return new Series(labelValues, labels.length == 0 ? null : methods.newProbe());
        }

        private Object read(ValuePath path, Object[] args, Object returned) {
            try {
                return path.read(args, returned);
            } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
                Throwable cause = e instanceof java.lang.reflect.InvocationTargetException ite ? ite.getCause() : e;
                WeftLog.warnOnce("capture:" + entry.selector() + ":" + path, "selector '" + entry.selector()
                        + "': reading " + path + " failed (" + cause + "); the label reads '" + ValuePath.ERROR
                        + "'. Said once.");
                return ValuePath.ERROR;
            }
        }

        /** Frees this plan's share of the cap when a reload replaces it. */
        void release() {
            AtomicInteger inUse = seriesPerMetric.get(metric);
            if (inUse != null) {
                inUse.addAndGet(-series.size());
            }
        }
    }

    /** Weave time: the method's probe captures what its selector says (or, with nothing to capture, nothing). */
    void plan(MethodMetrics.Entry entry, Selector selector) {
        Plan next = selector.capture().readsValues() ? new Plan(entry, selector) : null;
        synchronized (this) {
            Plan[] current = plans;
            if (entry.id() >= current.length) {
                current = Arrays.copyOf(current, Math.max(current.length * 2, entry.id() + 1));
            }
            Plan previous = current[entry.id()];
            if (previous != null && next != null && previous.capture.equals(next.capture)) {
                // the same capture: keep its series and counts, whatever it records from now on (a
                // series' calls are timed plus counted, one counter across such a change)
                previous.flags = next.flags;
                return;
            }
            if (previous != null) {
                previous.release();
            }
            current[entry.id()] = next;
            plans = current;
        }
    }

    @Override
    public void record(int probeId, long nanos, Throwable thrown, Object[] args, Object returned) {
        Plan[] current = plans;
        Plan plan = probeId < current.length ? current[probeId] : null;
        if (plan != null) {
            plan.record(nanos, thrown, args, returned);
        }
    }

    @Override
    public List<MetricSnapshot> collect() {
        Set<MethodMetrics.Entry> live = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        live.addAll(methods.live());
        Map<String, List<Plan>> byMetric = new TreeMap<>();
        for (Plan plan : plans) {
            if (plan != null && live.contains(plan.entry)) {
                byMetric.computeIfAbsent(plan.metric, m -> new ArrayList<>()).add(plan);
            }
        }
        List<MetricSnapshot> families = new ArrayList<>();
        for (Map.Entry<String, List<Plan>> metric : byMetric.entrySet()) {
            families.addAll(families(metric.getKey(), metric.getValue()));
        }
        List<MetricSnapshot.Point> drops = new ArrayList<>();
        for (String metric : byMetric.keySet()) {
            LongAdder count = dropped.get(metric);
            drops.add(new MetricSnapshot.Point(new MetricSnapshot.Labels(List.of("metric"), List.of(metric)),
                    count == null ? 0 : count.sum()));
        }
        families.add(new MetricSnapshot.Counter("weft_series_dropped", "Calls counted in a metric's 'other' series "
                + "because it already had metrics.max-series label sets.", drops));
        return families;
    }

    private List<MetricSnapshot> families(String metric, List<Plan> plans) {
        plans.sort(Comparator.comparing((Plan p) -> p.entry.selector()).thenComparing(p -> p.entry.className())
                .thenComparing(p -> p.entry.method()));
        List<MetricSnapshot.HistogramPoint> durations = new ArrayList<>();
        List<MetricSnapshot.Point> calls = new ArrayList<>();
        List<MetricSnapshot.Point> errors = new ArrayList<>();
        List<MetricSnapshot.Point> sums = new ArrayList<>();
        boolean labeled = false;
        boolean summed = false;
        for (Plan plan : plans) {
            List<String> names = new ArrayList<>(List.of("selector", "class", "method"));
            names.addAll(plan.capture.labels().keySet());
            labeled |= plan.labels.length > 0;
            summed |= plan.value != null;
            List<Series> all = new ArrayList<>(plan.series.values());
            if (plan.other != null) {
                all.add(plan.other);
            }
            all.sort(Comparator.comparing(s -> String.join("\u0000", s.labelValues)));
            for (Series series : all) {
                List<String> values = new ArrayList<>(List.of(plan.entry.selector(), plan.entry.className(),
                        plan.entry.method()));
                values.addAll(series.labelValues);
                MetricSnapshot.Labels labels = new MetricSnapshot.Labels(names, values);
                if (plan.value != null) {
                    sums.add(new MetricSnapshot.Point(labels, series.sum.sum()));
                }
                if (series.probe == null) {
                    continue;
                }
                MethodMetrics.addPoints(plan.entry.recordings(), series.probe, labels, durations, calls, errors);
            }
        }
        List<MetricSnapshot> families = new ArrayList<>();
        if (labeled) {
            families.add(new MetricSnapshot.Histogram(metric + MethodMetrics.DURATION_SUFFIX,
                    "Duration of calls to selected methods, by captured labels.", "seconds", methods.bucketsSeconds(),
                    durations));
            families.add(new MetricSnapshot.Counter(metric + MethodMetrics.CALLS_SUFFIX,
                    "Calls to selected methods, by captured labels.", calls));
            families.add(new MetricSnapshot.Counter(metric + MethodMetrics.ERRORS_SUFFIX,
                    "Calls to selected methods that threw, by captured labels and exception class.", errors));
        }
        if (summed) {
            families.add(new MetricSnapshot.Counter(metric, "Sum of the captured value over calls that returned.", sums));
        }
        return families;
    }
}
