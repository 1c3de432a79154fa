package dev.weft.agent.state;

import java.util.function.UnaryOperator;

/** The one place the agent's {@link AgentState} is kept: read in one read, replaced whole. */
public final class CurrentState {

    private volatile AgentState state;

    public CurrentState(AgentState initial) {
        this.state = initial;
    }

    public AgentState get() {
        return state;
    }

    /** Replaces the state by a function of it; updates never interleave. */
    public synchronized AgentState update(UnaryOperator<AgentState> change) {
        AgentState next = change.apply(state);
        state = next;
        return next;
    }
}
