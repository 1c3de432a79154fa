package dev.weft.agent.metrics;

import dev.weft.agent.config.ConfigFollower;
import dev.weft.agent.config.Slo;
import dev.weft.agent.config.WeftConfig;

import java.util.ArrayList;
import java.util.List;

/**
 * Evaluates the configured SLOs over their sliding windows from the methods' recent history, for
 * {@code GET /slos}, the {@code weft_slo_*} gauges, {@code /health} and the status page. A window
 * without calls breaks no objective: it is met, with no value.
 */
public final class SloEvaluator implements MetricSource, ConfigFollower<List<Slo>> {

    public static final String LATENCY = "latency";
    public static final String SUCCESS = "success";

    private final MethodMetrics metrics;
    private final MethodWindows windows;
    private volatile List<Slo> slos;

    public SloEvaluator(MethodMetrics metrics, MethodWindows windows, List<Slo> slos) {
        this.metrics = metrics;
        this.windows = windows;
        this.slos = slos;
    }

    public void slos(List<Slo> slos) {
        this.slos = slos;
    }

    @Override
    public String name() {
        return "the SLOs";
    }

    @Override
    public List<Slo> follows(WeftConfig config) {
        return config.slos();
    }

    @Override
    public void changed(List<Slo> before, List<Slo> after, WeftConfig config) {
        slos(after);
    }

    /**
     * One objective now.
     *
     * @param target          for latency the threshold in seconds, for success the share of calls that must not throw
     * @param value           for latency the window's percentile in seconds, for success the share that did not
     *                        throw; NaN without calls
     * @param thresholdBucket false for a latency objective whose threshold is not a bucket bound of the
     *                        histograms in force (an SLO a reload added or changed: buckets are fixed for
     *                        the life of the process), so no {@code le} series of it exists for the alert
     *                        rules; true otherwise
     */
    public record Objective(String kind, double target, double value, boolean met, boolean thresholdBucket) {

        public Objective(String kind, double target, double value, boolean met) {
            this(kind, target, value, met, true);
        }
    }

    /** One SLO now: the window's calls and each objective. */
    public record State(Slo slo, long calls, long errors, double seconds, List<Objective> objectives) {
        public boolean met() {
            return objectives.stream().allMatch(Objective::met);
        }
    }

    public List<State> evaluate() {
        List<MethodMetrics.Entry> live = metrics.live();
        List<State> states = new ArrayList<>();
        for (Slo slo : slos) {
            MethodWindows.Window window = null;
            for (MethodMetrics.Entry entry : live) {
                if (entry.selector().equals(slo.selector())) {
                    MethodWindows.Window one = windows.over(entry, slo.window());
                    window = window == null ? one : window.plus(one);
                }
            }
            states.add(state(slo, window, metrics.bucketsSeconds()));
        }
        return states;
    }

    private static State state(Slo slo, MethodWindows.Window window, List<Double> buckets) {
        long calls = window == null ? 0 : window.calls();
        List<Objective> objectives = new ArrayList<>();
        if (slo.hasLatency()) {
            double value = calls == 0 ? Double.NaN : window.durations().quantile(slo.latencyPercentile() / 100);
            // met is decided exactly when the threshold is a bucket bound, hence a slot edge: the share
            // below it is a plain count. A threshold a reload brought is not one until the next start:
            // the slot it falls in counts as slower, a verdict strict by at most that slot's width.
            boolean met = calls == 0 || window.durations().shareAtOrBelow(slo.latencyBelowSeconds())
                    >= slo.latencyPercentile() / 100;
            objectives.add(new Objective(LATENCY, slo.latencyBelowSeconds(), value, met,
                    buckets.contains(slo.latencyBelowSeconds())));
        }
        if (slo.hasSuccess()) {
            double value = calls == 0 ? Double.NaN : 1 - window.errorRatio();
            objectives.add(new Objective(SUCCESS, slo.successRatio(), value, calls == 0 || value >= slo.successRatio()));
        }
        return new State(slo, calls, window == null ? 0 : window.errors(), window == null ? 0 : window.seconds(),
                objectives);
    }

    @Override
    public List<MetricSnapshot> collect() {
        List<MetricSnapshot.Point> targets = new ArrayList<>();
        List<MetricSnapshot.Point> values = new ArrayList<>();
        List<MetricSnapshot.Point> met = new ArrayList<>();
        for (State state : evaluate()) {
            for (Objective objective : state.objectives()) {
                MetricSnapshot.Labels labels = new MetricSnapshot.Labels(List.of("slo", "objective"),
                        List.of(state.slo().name(), objective.kind()));
                targets.add(new MetricSnapshot.Point(labels, objective.target()));
                values.add(new MetricSnapshot.Point(labels, objective.value()));
                met.add(new MetricSnapshot.Point(labels, objective.met() ? 1 : 0));
            }
        }
        if (targets.isEmpty()) {
            return List.of();
        }
        return List.of(
                new MetricSnapshot.Gauge("weft_slo_target", "SLO objective: latency threshold in seconds, or the share "
                        + "of calls that must succeed.", targets),
                new MetricSnapshot.Gauge("weft_slo_value", "SLO objective over its window: the percentile's latency "
                        + "in seconds, or the share of calls that succeeded (NaN without calls).", values),
                new MetricSnapshot.Gauge("weft_slo_met", "1 when the SLO objective is met over its window, 0 when violated.",
                        met));
    }
}
