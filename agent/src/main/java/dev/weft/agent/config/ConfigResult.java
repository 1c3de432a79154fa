package dev.weft.agent.config;

import java.util.List;

/** A config together with everything found wrong while reading it (what was wrong was skipped). */
public record ConfigResult(WeftConfig config, List<ConfigProblem> problems) {
}
