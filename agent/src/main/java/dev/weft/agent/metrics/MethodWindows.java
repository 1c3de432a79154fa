package dev.weft.agent.metrics;

import dev.weft.agent.support.WeftLog;
import dev.weft.agent.config.ConfigFollower;
import dev.weft.agent.config.Slo;
import dev.weft.agent.config.WeftConfig;
import dev.weft.agent.support.DaemonThreads;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Keeps every woven method's recent history on a thread of its own, so that rates, error ratios
 * and quantiles can be read over a sliding window (the last minute, an SLO's five minutes) rather
 * than since start.
 *
 * <p>Each window is kept at its own resolution: about {@value #SLICES_PER_WINDOW} ticks per window,
 * the tick taken from a fixed ladder (1 s ... 1 h). A 24-hour SLO in the same config as a 5-minute
 * one therefore moves in hours while the 5-minute one still moves in 10-second steps. Windows with
 * the same tick share one ring. The ladder bounds the history of a method to one ring per step of
 * it, each of at most about {@value #SLICES_PER_WINDOW} slices, whatever the config says. A window
 * is read as whole ticks: it lags the present by at most one of its own ticks.
 */
public final class MethodWindows implements ConfigFollower<List<Duration>> {

    /** Slices per window: a 5-minute window moves in 10-second steps. */
    static final int SLICES_PER_WINDOW = 30;
    /** The tick lengths a window may get, in seconds: the shortest that covers it in at most 30 ticks. */
    static final long[] LADDER_SECONDS = {1, 2, 5, 10, 20, 30, 60, 120, 300, 600, 1200, 1800, 3600};
    /** The ticker's period; every tick of the ladder is a whole number of it. */
    static final long BASE_MILLIS = 1_000;
    static final int MAX_SLICES = 2_000;

    /**
     * One resolution: its tick, how many ticks its longest window needs, the base tick it started
     * at (its ticks are whole ticks from there), and the probe ids it found in use (their history
     * starts from their totals at that moment, not from their first call).
     */
    private record Resolution(long tickMillis, int capacity, long startedAt, int primeBelowId) {
        boolean dueAt(long baseTicks) {
            return (baseTicks - startedAt) % (tickMillis / BASE_MILLIS) == 0;
        }
    }

    private final MethodMetrics metrics;
    /** Finest first; replaced whole when a reload changes the windows. */
    private volatile List<Resolution> resolutions;
    /** Base ticks so far; written by the ticker only. */
    private volatile long baseTicks;
    private ScheduledExecutorService ticker;

    /** @param windows every window anyone will read (the per-method window, the SLOs'); a reload may change them */
    public MethodWindows(MethodMetrics metrics, List<Duration> windows) {
        this.metrics = metrics;
        this.resolutions = resolutions(windows, List.of(), 0, 0);
    }

    /** With one window. */
    public MethodWindows(MethodMetrics metrics, Duration window) {
        this(metrics, List.of(window));
    }

    /** The tick of a window's resolution: the shortest step of the ladder that covers it in {@value #SLICES_PER_WINDOW} ticks. */
    static long tickMillis(Duration window) {
        long millis = window.toMillis();
        for (long seconds : LADDER_SECONDS) {
            if (seconds * 1000 * SLICES_PER_WINDOW >= millis) {
                return seconds * 1000;
            }
        }
        return LADDER_SECONDS[LADDER_SECONDS.length - 1] * 1000;
    }

    private static int ticksFor(Duration window, long tickMillis) {
        return (int) Math.min(MAX_SLICES, Math.max(1, (window.toMillis() + tickMillis - 1) / tickMillis));
    }

    /** The resolutions the windows need; those already kept keep their start and their rings. */
    private static List<Resolution> resolutions(List<Duration> windows, List<Resolution> kept, long now, int idsIssued) {
        TreeMap<Long, Integer> capacities = new TreeMap<>();
        for (Duration window : windows) {
            long tick = tickMillis(window);
            capacities.merge(tick, ticksFor(window, tick), Math::max);
        }
        List<Resolution> next = new ArrayList<>();
        capacities.forEach((tick, capacity) -> {
            Resolution before = kept.stream().filter(r -> r.tickMillis == tick).findFirst().orElse(null);
            next.add(before != null ? new Resolution(tick, capacity, before.startedAt, before.primeBelowId)
                    : new Resolution(tick, capacity, now, idsIssued));
        });
        return List.copyOf(next);
    }

    /**
     * A reload may add, lengthen or drop windows. A window at a resolution not kept so far starts
     * its history now (its {@code seconds} say how much it covers until it is full).
     */
    public synchronized void setWindows(List<Duration> windows) {
        List<Resolution> before = resolutions;
        List<Resolution> next = resolutions(windows, before, baseTicks, metrics.idsIssued());
        for (Resolution resolution : next) {
            if (before.stream().noneMatch(r -> r.tickMillis == resolution.tickMillis)) {
                for (MethodMetrics.Entry entry : metrics.live()) {
                    ring(entry, resolution);
                }
            }
        }
        resolutions = next;
    }

    /** Every window read: the per-method window and each SLO's, each once, shortest first. */
    public static List<Duration> windows(WeftConfig config) {
        Set<Duration> windows = new TreeSet<>();
        windows.add(config.metrics().window());
        for (Slo slo : config.slos()) {
            windows.add(slo.window());
        }
        return List.copyOf(windows);
    }

    @Override
    public String name() {
        return "the sliding windows";
    }

    @Override
    public List<Duration> follows(WeftConfig config) {
        return windows(config);
    }

    @Override
    public void changed(List<Duration> before, List<Duration> after, WeftConfig config) {
        setWindows(after);
    }

    public synchronized void start() {
        if (ticker == null) {
            ticker = Executors.newSingleThreadScheduledExecutor(DaemonThreads.factory("weft-windows"));
            ticker.scheduleAtFixedRate(this::advanceQuietly, BASE_MILLIS, BASE_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    public synchronized void stop() {
        if (ticker != null) {
            ticker.shutdownNow();
            ticker = null;
        }
    }

    /** The finest tick kept. */
    public Duration tick() {
        return Duration.ofMillis(resolutions.get(0).tickMillis);
    }

    /** The tick a window is read in. */
    public Duration tick(Duration window) {
        return Duration.ofMillis(resolutionFor(window).tickMillis);
    }

    private void advanceQuietly() {
        try {
            advance();
        } catch (RuntimeException | LinkageError e) {
            WeftLog.warnOnce("windows", "keeping the windowed history failed (" + e
                    + "); windowed figures may lag. Said once.");
        }
    }

    /** One base tick (a second) has passed: closes the tick of each resolution due now (the ticker's work). */
    void advance() {
        long now = baseTicks + 1;
        baseTicks = now;
        List<Resolution> due = new ArrayList<>();
        for (Resolution resolution : resolutions) {
            if (resolution.dueAt(now)) {
                due.add(resolution);
            }
        }
        if (!due.isEmpty()) {
            tick(due);
        }
    }

    /** Closes the current tick of every resolution for every live method (tests call it directly). */
    void tickNow() {
        tick(resolutions);
    }

    private void tick(List<Resolution> due) {
        List<Resolution> all = resolutions;
        Set<Long> kept = null;
        for (MethodMetrics.Entry entry : metrics.live()) {
            for (Resolution resolution : due) {
                WindowRing ring = ring(entry, resolution); // before the totals: a ring made now starts from them
                ring.tick(entry.probe(), entry.calls(), entry.errors(), resolution.capacity);
            }
            if (entry.windows.size() > all.size()) { // a resolution a reload dropped
                if (kept == null) {
                    kept = new HashSet<>();
                    for (Resolution resolution : all) {
                        kept.add(resolution.tickMillis);
                    }
                }
                entry.windows.keySet().retainAll(kept);
            }
        }
    }

    /** A method's ring at a resolution, made when first needed. */
    private static WindowRing ring(MethodMetrics.Entry entry, Resolution resolution) {
        return entry.windows.computeIfAbsent(resolution.tickMillis, tick -> {
            WindowRing ring = new WindowRing();
            if (entry.id() < resolution.primeBelowId) {
                ring.prime(entry.probe(), entry.calls(), entry.errors());
            }
            return ring;
        });
    }

    /**
     * The resolution a window is read in: its own; for a window none was kept for (one asked for
     * between a reload and its notice), the coarsest finer one that spans it, else the longest.
     */
    private Resolution resolutionFor(Duration window) {
        List<Resolution> all = resolutions;
        long wanted = tickMillis(window);
        Resolution spanning = null;
        Resolution longest = all.get(0);
        for (Resolution resolution : all) {
            if (resolution.tickMillis == wanted) {
                return resolution;
            }
            long span = resolution.tickMillis * resolution.capacity;
            if (resolution.tickMillis < wanted && span >= window.toMillis()) {
                spanning = resolution;
            }
            if (span > longest.tickMillis * longest.capacity) {
                longest = resolution;
            }
        }
        return spanning != null ? spanning : longest;
    }

    /** What one method did in the latest {@code window} (as whole ticks of the window's resolution). */
    public Window over(MethodMetrics.Entry entry, Duration window) {
        Resolution resolution = resolutionFor(window);
        int ticks = Math.min(resolution.capacity, ticksFor(window, resolution.tickMillis));
        int slots = entry.probe().layout().slots();
        WindowRing ring = entry.windows.get(resolution.tickMillis);
        WindowRing.Totals totals = ring == null ? new WindowRing.Totals(new long[slots], 0, 0, 0, 0)
                : ring.latest(ticks, slots);
        return new Window(new Distribution(entry.probe().layout(), totals.slotCounts(), totals.sumNanos()),
                totals.calls(), totals.errors(), totals.slices() * resolution.tickMillis / 1000.0);
    }

    /**
     * A method's (or a selector's) calls over a window.
     *
     * @param durations the durations of the window's calls (empty when not timed)
     * @param seconds   how long the window actually covers: less than asked for just after start
     */
    public record Window(Distribution durations, long calls, long errors, double seconds) {

        /** Calls per second, 0 before the first tick. */
        public double rate() {
            return seconds == 0 ? 0 : calls / seconds;
        }

        /** Share of calls that threw, NaN without calls. */
        public double errorRatio() {
            return calls == 0 ? Double.NaN : (double) errors / calls;
        }

        /** Two windows (of methods with the same layout) as one, for a selector of several methods. */
        public Window plus(Window other) {
            long[] slots = durations.slotCounts().clone();
            long[] theirs = other.durations.slotCounts();
            for (int i = 0; i < slots.length; i++) {
                slots[i] += theirs[i];
            }
            return new Window(new Distribution(durations.layout(), slots, durations.sumNanos() + other.durations.sumNanos()),
                    calls + other.calls, errors + other.errors, Math.max(seconds, other.seconds));
        }
    }
}
