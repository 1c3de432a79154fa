package dev.weft.bench;

import java.util.List;

/**
 * One way of starting a measured JVM: a name for the report, the JVM flags that load (or do not
 * load) an agent, and which agent it is.
 *
 * @param kind {@code none}, {@code weft}, {@code otel} or {@code elastic}
 */
public record AgentSetup(String name, String kind, List<String> jvmArgs) {

    public static AgentSetup none() {
        return new AgentSetup("no agent (baseline)", "none", List.of());
    }

    public boolean isBaseline() {
        return kind.equals("none");
    }
}
