package dev.weft.agent.trace;

import dev.weft.agent.metrics.MetricSnapshot;
import dev.weft.agent.metrics.MetricSource;
import dev.weft.agent.support.WeftLog;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * Where traces break: for every entry point, how many requests came with a valid upstream trace
 * context and how many began a new trace; for every exit, how many calls were made outside any
 * trace, named by the method that made them. The tracing handlers of every built-in (HTTP, JDBC,
 * messaging, RPC) report here; with tracing off nothing does, as no handler then reads or makes
 * trace context.
 *
 * <p>Naming the caller takes a stack walk ({@link CallerFrames}), so it is done only for a call
 * made outside any trace, and for each exit (a kind and a target: the call site as Weft sees it)
 * at most once a second, whatever the rate of such calls: its first untraced call, then the first
 * one after a second has passed since the last walk. The untraced calls in between are counted
 * under the caller the last walk found. That is exact for an exit that one method calls outside a
 * trace (a worker draining a hand-rolled queue), and where several do, each of them that keeps
 * calling is found within seconds and the split between them follows the walks; the untraced count
 * of the exit, their sum, is always exact.
 *
 * <p>Entries, exits and callers are capped; past a cap they are counted under {@code other}.
 */
public final class TraceContinuity implements MetricSource {

    /** Where work enters the service. */
    public enum Entry {
        HTTP_SERVER, MESSAGING_CONSUMER, RPC_SERVER
    }

    /** Where work leaves it. */
    public enum Exit {
        HTTP_CLIENT, MESSAGING_PRODUCER, RPC_CLIENT, DB_CLIENT
    }

    static final String ENTRIES = "weft_trace_continuity_entries";
    static final String EXITS = "weft_trace_continuity_exits";
    static final String UNTRACED = "weft_trace_continuity_untraced_exits";
    static final int MAX_ROWS = 500;
    static final int MAX_CALLERS = 200;
    static final String OTHER = "other";
    private static final long LOOKUP_NANOS = 1_000_000_000L;

    private final CallerFrames frames;
    private final LongSupplier nanoTime;
    /** The caps: entries and exits each, and callers over all exits. */
    private final int maxRows;
    private final int maxCallers;
    private final Map<Entry, ConcurrentHashMap<String, EntryCounts>> entries = new EnumMap<>(Entry.class);
    private final Map<Exit, ConcurrentHashMap<String, ExitCounts>> exits = new EnumMap<>(Exit.class);
    private final AtomicInteger entryRows = new AtomicInteger();
    private final AtomicInteger exitRows = new AtomicInteger();
    private final AtomicInteger callerRows = new AtomicInteger();

    private static final class EntryCounts {
        final LongAdder continued = new LongAdder();
        final LongAdder started = new LongAdder();
    }

    private static final class ExitCounts {
        final LongAdder calls = new LongAdder();
        final Map<String, LongAdder> callers = new ConcurrentHashMap<>();
        /** When the next untraced call may walk the stack again. */
        final AtomicLong nextLookup = new AtomicLong();
        /** The untraced calls of the caller the last walk found; {@code null} until the first. */
        volatile LongAdder lastCaller;
    }

    public TraceContinuity() {
        this(CallerFrames.builtIn(), System::nanoTime, MAX_ROWS, MAX_CALLERS);
    }

    TraceContinuity(CallerFrames frames, LongSupplier nanoTime, int maxRows, int maxCallers) {
        this.frames = frames;
        this.nanoTime = nanoTime;
        this.maxRows = maxRows;
        this.maxCallers = maxCallers;
        for (Entry kind : Entry.values()) {
            entries.put(kind, new ConcurrentHashMap<>());
        }
        for (Exit kind : Exit.values()) {
            exits.put(kind, new ConcurrentHashMap<>());
        }
    }

    /**
     * One request arrived at {@code name} (a route template, a topic, a full RPC method name).
     *
     * @param continued whether it carried a valid upstream {@code traceparent} that its span continues
     */
    public void entry(Entry kind, String name, boolean continued) {
        EntryCounts row = row(entries.get(kind), name == null ? CallerFrames.UNKNOWN : name, entryRows, maxRows,
                "entries", EntryCounts::new);
        (continued ? row.continued : row.started).increment();
    }

    /**
     * One call left through {@code target} (a host and port, a topic, a full RPC method name, a
     * database).
     *
     * @param inTrace whether a trace was current on the calling thread
     */
    public void exit(Exit kind, String target, boolean inTrace) {
        ExitCounts row = row(exits.get(kind), target == null ? CallerFrames.UNKNOWN : target, exitRows, maxRows,
                "exits", ExitCounts::new);
        row.calls.increment();
        if (inTrace) {
            return;
        }
        long now = nanoTime.getAsLong();
        LongAdder caller = row.lastCaller;
        long next = row.nextLookup.get();
        // One thread a second wins the exchange and walks; the first untraced calls, which find no caller yet, walk too.
        if (caller == null || (now - next >= 0 && row.nextLookup.compareAndSet(next, now + LOOKUP_NANOS))) {
            caller = caller(row, frames.caller(kind));
            row.nextLookup.set(now + LOOKUP_NANOS);
            row.lastCaller = caller;
        }
        caller.increment();
    }

    private LongAdder caller(ExitCounts row, String method) {
        LongAdder counts = row.callers.get(method);
        if (counts != null) {
            return counts;
        }
        if (callerRows.get() >= maxCallers) {
            WeftLog.warnOnce("continuity-callers", UNTRACED + " names " + maxCallers + " callers; further ones are "
                    + "counted as caller=\"" + OTHER + "\"");
            return row.callers.computeIfAbsent(OTHER, k -> new LongAdder());
        }
        return row.callers.computeIfAbsent(method, k -> {
            callerRows.incrementAndGet();
            return new LongAdder();
        });
    }

    private static <T> T row(ConcurrentHashMap<String, T> rows, String name, AtomicInteger count, int max, String what,
                             java.util.function.Supplier<T> create) {
        T row = rows.get(name);
        if (row != null) {
            return row;
        }
        if (count.get() >= max) {
            WeftLog.warnOnce("continuity-" + what, "the trace continuity report has " + max + " " + what
                    + "; further ones are counted as \"" + OTHER + "\"");
            return rows.computeIfAbsent(OTHER, k -> create.get());
        }
        return rows.computeIfAbsent(name, k -> {
            count.incrementAndGet();
            return create.get();
        });
    }

    /** Every entry and exit counted so far. */
    public ContinuityReport report() {
        List<ContinuityReport.EntryRow> entryRows = new ArrayList<>();
        entries.forEach((kind, rows) -> rows.forEach((name, counts) -> entryRows.add(new ContinuityReport.EntryRow(
                label(kind), name, counts.continued.sum(), counts.started.sum()))));
        entryRows.sort(Comparator.comparing(ContinuityReport.EntryRow::kind).thenComparing(ContinuityReport.EntryRow::name));
        List<ContinuityReport.ExitRow> exitRows = new ArrayList<>();
        exits.forEach((kind, rows) -> rows.forEach((target, counts) -> {
            List<ContinuityReport.Caller> callers = new ArrayList<>();
            long untraced = 0;
            for (Map.Entry<String, LongAdder> caller : counts.callers.entrySet()) {
                long calls = caller.getValue().sum();
                callers.add(new ContinuityReport.Caller(caller.getKey(), calls));
                untraced += calls;
            }
            callers.sort(Comparator.comparingLong(ContinuityReport.Caller::untraced).reversed()
                    .thenComparing(ContinuityReport.Caller::method));
            // read after the callers, as a call counts itself before its caller: never fewer calls than untraced ones
            exitRows.add(new ContinuityReport.ExitRow(label(kind), target, counts.calls.sum(), untraced, callers));
        }));
        exitRows.sort(Comparator.comparing(ContinuityReport.ExitRow::kind).thenComparing(ContinuityReport.ExitRow::target));
        return new ContinuityReport(entryRows, exitRows);
    }

    /** {@code HTTP_SERVER} as users see it: {@code http_server}. */
    static String label(Enum<?> kind) {
        return kind.name().toLowerCase(Locale.ROOT);
    }

    @Override
    public List<MetricSnapshot> collect() {
        ContinuityReport report = report();
        if (report.entries().isEmpty() && report.exits().isEmpty()) {
            return List.of();
        }
        List<MetricSnapshot.Point> entryPoints = new ArrayList<>();
        List<String> entryLabels = List.of("kind", "name", "upstream");
        for (ContinuityReport.EntryRow row : report.entries()) {
            entryPoints.add(new MetricSnapshot.Point(new MetricSnapshot.Labels(entryLabels,
                    List.of(row.kind(), row.name(), "continued")), row.continued()));
            entryPoints.add(new MetricSnapshot.Point(new MetricSnapshot.Labels(entryLabels,
                    List.of(row.kind(), row.name(), "new")), row.started()));
        }
        List<MetricSnapshot.Point> exitPoints = new ArrayList<>();
        List<MetricSnapshot.Point> untracedPoints = new ArrayList<>();
        for (ContinuityReport.ExitRow row : report.exits()) {
            exitPoints.add(new MetricSnapshot.Point(new MetricSnapshot.Labels(List.of("kind", "target"),
                    List.of(row.kind(), row.target())), row.calls()));
            for (ContinuityReport.Caller caller : row.callers()) {
                untracedPoints.add(new MetricSnapshot.Point(new MetricSnapshot.Labels(List.of("kind", "target", "caller"),
                        List.of(row.kind(), row.target(), caller.method())), caller.untraced()));
            }
        }
        List<MetricSnapshot> families = new ArrayList<>(3);
        if (!entryPoints.isEmpty()) {
            families.add(new MetricSnapshot.Counter(ENTRIES, "Requests that arrived at an entry point (server route, "
                    + "consumed topic, RPC method), by whether they continued an upstream trace or began a new one.",
                    entryPoints));
        }
        if (!exitPoints.isEmpty()) {
            families.add(new MetricSnapshot.Counter(EXITS, "Calls that left through an exit (HTTP client host:port, "
                    + "produced topic, RPC method, database), in a trace or not.", exitPoints));
        }
        if (!untracedPoints.isEmpty()) {
            families.add(new MetricSnapshot.Counter(UNTRACED, "Calls that left through an exit with no trace current, "
                    + "by the application method that made them.", untracedPoints));
        }
        return families;
    }
}
