package dev.weft.agent.reload;

import dev.weft.agent.support.WeftLog;
import dev.weft.agent.config.ConfigFollower;
import dev.weft.agent.config.ConfigProblem;
import dev.weft.agent.config.ConfigResult;
import dev.weft.agent.config.Slo;
import dev.weft.agent.config.WeftConfig;
import dev.weft.agent.state.AgentState;
import dev.weft.agent.state.CurrentState;
import dev.weft.agent.state.ReloadOutcome;
import dev.weft.agent.weave.RetransformReport;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * Puts a changed config file in force, in one short sequence: parse → validate → weave → notify
 * the components whose part of the config changed → swap the agent state. A file with any problem
 * is rejected whole and the config in force stays. One reload at a time.
 */
public final class Reloader {

    /** Weaves a config's selectors into the loaded classes and the classes still to load. */
    public interface Weaving {
        RetransformReport apply(WeftConfig config);
    }

    private final String file;
    private final Function<String, ConfigResult> parser;
    private final UnaryOperator<WeftConfig> overrides;
    private final Weaving weaving;
    private final List<ConfigFollower<?>> followers;
    private final CurrentState state;
    private final Consumer<ReloadOutcome> outcomes;
    private final Clock clock;

    /**
     * @param file      the config file, for messages
     * @param parser    reads the file's text into a config and its problems
     * @param overrides what the agent options impose on every config (a port given on the command line)
     * @param followers the components to tell, in this order
     * @param outcomes  told every outcome (the reload counter)
     */
    public Reloader(String file, Function<String, ConfigResult> parser, UnaryOperator<WeftConfig> overrides,
                    Weaving weaving, List<ConfigFollower<?>> followers, CurrentState state,
                    Consumer<ReloadOutcome> outcomes, Clock clock) {
        this.file = file;
        this.parser = parser;
        this.overrides = overrides;
        this.weaving = weaving;
        this.followers = List.copyOf(followers);
        this.state = state;
        this.outcomes = outcomes;
        this.clock = clock;
    }

    public synchronized ReloadOutcome reload(String text, String trigger) {
        AgentState current = state.get();
        ConfigResult result = parser.apply(text);
        if (!result.problems().isEmpty()) {
            return finish(rejected(result.problems(), trigger, current), null);
        }
        WeftConfig previous = current.config();
        WeftConfig next = settled(previous, overrides.apply(result.config()));
        if (next.canonical().equals(previous.canonical())
                && Objects.equals(next.prometheus().auth(), previous.prometheus().auth())) {
            return finish(new ReloadOutcome("unchanged", trigger, clock.instant(),
                    "the config in force already says this", List.of(), RetransformReport.NONE), null);
        }
        String changes = SelectorChanges.between(previous.instrument(), next.instrument());
        RetransformReport report = weaving.apply(next);
        for (ConfigFollower<?> follower : followers) {
            notify(follower, previous, next);
        }
        String summary = "config reloaded from " + file + ": "
                + (changes.isEmpty() ? "selectors unchanged, other settings changed" : changes) + "; " + report.describe();
        WeftLog.info(summary);
        return finish(new ReloadOutcome("applied", trigger, clock.instant(), summary, List.of(), report), next);
    }

    private ReloadOutcome rejected(List<ConfigProblem> problems, String trigger, AgentState current) {
        List<String> messages = new ArrayList<>();
        for (ConfigProblem problem : problems) {
            messages.add(problem.toString());
            WeftLog.warn("config: " + problem);
        }
        String summary = "reload rejected: " + file + " has " + messages.size()
                + " problem(s); the config applied at " + current.appliedAt() + " stays in force";
        WeftLog.warn(summary);
        return new ReloadOutcome("rejected", trigger, clock.instant(), summary, messages, RetransformReport.NONE);
    }

    /** What cannot change while the process runs keeps its value, and Weft says so. */
    private WeftConfig settled(WeftConfig previous, WeftConfig next) {
        List<Double> buckets = previous.metrics().bucketsSeconds();
        if (!next.metrics().bucketsSeconds().equals(buckets)) {
            if (!written(next).equals(written(previous))) {
                WeftLog.warn("metrics.buckets changed in " + file + "; histograms keep their buckets for the life of "
                        + "the process, the new ones apply at the next start");
            }
            next = next.withBuckets(buckets);
        }
        for (Slo slo : next.slos()) {
            if (slo.hasLatency() && !buckets.contains(slo.latencyBelowSeconds()) && !saidBefore(previous, slo)) {
                String le = Double.toString(slo.latencyBelowSeconds());
                WeftLog.warn("SLO '" + slo.name() + "' (" + file + ":" + slo.line() + "): its latency threshold " + le
                        + " s is not a bucket of the histograms in force, which keep their buckets for the life of the "
                        + "process: until the next start no le=\"" + le + "\" series exists and the generated alert "
                        + "rules cannot fire for it; /slos marks it (thresholdBucket: missing until restart)");
            }
        }
        if (next.metrics().maxSeries() != previous.metrics().maxSeries()) {
            WeftLog.warn("metrics.max-series changed in " + file + "; the cap stays "
                    + previous.metrics().maxSeries() + " until the next start");
        }
        return next;
    }

    /** The buckets as the file wrote them: those in force less the SLOs' latency thresholds. */
    private static List<Double> written(WeftConfig config) {
        List<Double> written = new ArrayList<>(config.metrics().bucketsSeconds());
        for (Slo slo : config.slos()) {
            if (slo.hasLatency()) {
                written.remove(slo.latencyBelowSeconds());
            }
        }
        return written;
    }

    /** The same SLO with the same threshold was in force already: its missing bucket was named then. */
    private static boolean saidBefore(WeftConfig previous, Slo slo) {
        for (Slo before : previous.slos()) {
            if (before.name().equals(slo.name()) && Objects.equals(before.latencyBelowSeconds(), slo.latencyBelowSeconds())
                    && !previous.metrics().bucketsSeconds().contains(slo.latencyBelowSeconds())) {
                return true;
            }
        }
        return false;
    }

    /** Tells a follower whose part changed; one that fails costs its own part, never the reload. */
    private static <T> void notify(ConfigFollower<T> follower, WeftConfig previous, WeftConfig next) {
        try {
            T before = follower.follows(previous);
            T after = follower.follows(next);
            if (!Objects.equals(before, after)) {
                follower.changed(before, after, next);
            }
        } catch (RuntimeException | LinkageError e) {
            WeftLog.warn(follower.name() + " did not follow the reload: " + e);
        }
    }

    private ReloadOutcome finish(ReloadOutcome outcome, WeftConfig applied) {
        state.update(s -> applied == null ? s.kept(outcome) : s.applied(applied, outcome));
        outcomes.accept(outcome);
        return outcome;
    }
}
