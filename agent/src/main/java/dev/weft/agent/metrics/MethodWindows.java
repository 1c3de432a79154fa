package dev.weft.agent.metrics;

import dev.weft.agent.support.WeftLog;
import dev.weft.agent.config.ConfigFollower;
import dev.weft.agent.config.Slo;
import dev.weft.agent.config.WeftConfig;
import dev.weft.agent.support.DaemonThreads;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Keeps every woven method's recent history on a thread of its own, so that rates, error ratios
 * and quantiles can be read over a sliding window (the last minute, an SLO's five minutes) rather
 * than since start. A window is read as whole ticks: it lags the present by at most one tick.
 */
public final class MethodWindows implements ConfigFollower<Duration> {

    /** Slices per longest window: a 5-minute window moves in 10-second steps. */
    static final int SLICES_PER_WINDOW = 30;
    static final int MAX_SLICES = 2_000;

    private final MethodMetrics metrics;
    private final long tickMillis;
    private volatile int capacity;
    private ScheduledExecutorService ticker;

    /** @param longest the longest window anyone will ask for; it fixes the tick until the next start */
    public MethodWindows(MethodMetrics metrics, Duration longest) {
        this.metrics = metrics;
        this.tickMillis = Math.max(1_000, roundUpToSecond(longest.toMillis() / SLICES_PER_WINDOW));
        setLongest(longest);
    }

    private static long roundUpToSecond(long millis) {
        return (millis + 999) / 1000 * 1000;
    }

    /** A reload may lengthen a window: the history grows to match (up to {@value #MAX_SLICES} ticks). */
    public void setLongest(Duration longest) {
        capacity = (int) Math.min(MAX_SLICES, Math.max(1, (longest.toMillis() + tickMillis - 1) / tickMillis));
    }

    /** The longest window anything reads: the per-method window or an SLO's. */
    public static Duration longestWindow(WeftConfig config) {
        Duration longest = config.metrics().window();
        for (Slo slo : config.slos()) {
            longest = slo.window().compareTo(longest) > 0 ? slo.window() : longest;
        }
        return longest;
    }

    @Override
    public String name() {
        return "the sliding windows";
    }

    @Override
    public Duration follows(WeftConfig config) {
        return longestWindow(config);
    }

    @Override
    public void changed(Duration before, Duration after, WeftConfig config) {
        setLongest(after);
    }

    public synchronized void start() {
        if (ticker == null) {
            ticker = Executors.newSingleThreadScheduledExecutor(DaemonThreads.factory("weft-windows"));
            ticker.scheduleAtFixedRate(this::tickQuietly, tickMillis, tickMillis, TimeUnit.MILLISECONDS);
        }
    }

    public synchronized void stop() {
        if (ticker != null) {
            ticker.shutdownNow();
            ticker = null;
        }
    }

    public Duration tick() {
        return Duration.ofMillis(tickMillis);
    }

    private void tickQuietly() {
        try {
            tickNow();
        } catch (RuntimeException | LinkageError e) {
            WeftLog.warnOnce("windows", "keeping the windowed history failed (" + e
                    + "); windowed figures may lag. Said once.");
        }
    }

    /** Closes the current tick for every live method (the ticker's work; tests call it directly). */
    void tickNow() {
        int slices = capacity;
        for (MethodMetrics.Entry entry : metrics.live()) {
            entry.window.tick(entry.probe(), entry.calls(), entry.errors(), slices);
        }
    }

    /** What one method did in the latest {@code window} (as whole ticks). */
    public Window over(MethodMetrics.Entry entry, Duration window) {
        int ticks = (int) Math.max(1, Math.min(capacity, (window.toMillis() + tickMillis - 1) / tickMillis));
        WindowRing.Totals totals = entry.window.latest(ticks, entry.probe().layout().slots());
        return new Window(new Distribution(entry.probe().layout(), totals.slotCounts(), totals.sumNanos()),
                totals.calls(), totals.errors(), totals.slices() * tickMillis / 1000.0);
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
