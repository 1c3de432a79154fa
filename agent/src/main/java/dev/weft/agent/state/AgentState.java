package dev.weft.agent.state;

import dev.weft.agent.config.ConfigProblem;
import dev.weft.agent.config.WeftConfig;

import java.time.Instant;
import java.util.List;

/**
 * Everything the agent's views report about the agent itself, as one value: a reload swaps it
 * whole, so an answer read from one {@code AgentState} never mixes the state before and after.
 *
 * @param config     the config in force
 * @param problems   what was wrong with the file when that config was read at start (a reload
 *                   with problems is rejected whole, so an applied reload has none)
 * @param appliedAt  when that config was put in force
 * @param lastReload the last attempt to reload, {@code null} before the first
 * @param ready      whether start-up has woven what it had to
 */
public record AgentState(WeftConfig config, List<ConfigProblem> problems, Instant appliedAt, ReloadOutcome lastReload,
                         boolean ready) {

    public AgentState {
        problems = List.copyOf(problems);
    }

    public static AgentState starting(WeftConfig config, List<ConfigProblem> problems, Instant at) {
        return new AgentState(config, problems, at, null, false);
    }

    public AgentState asReady() {
        return new AgentState(config, problems, appliedAt, lastReload, true);
    }

    /** A reload put {@code next} in force. */
    public AgentState applied(WeftConfig next, ReloadOutcome outcome) {
        return new AgentState(next, List.of(), outcome.at(), outcome, ready);
    }

    /** A reload was rejected or changed nothing: the config stays, the outcome is remembered. */
    public AgentState kept(ReloadOutcome outcome) {
        return new AgentState(config, problems, appliedAt, outcome, ready);
    }
}
