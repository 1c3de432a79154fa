package dev.weft.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * Samples of several agent setups taken in rounds: each round measures every setup once, so drift
 * on the machine (heat, other work) hits all setups alike rather than the last ones measured.
 *
 * @param <S> what one measurement yields
 */
public final class Rounds<S> {

    /** One measurement of one setup, in a JVM of its own. */
    public interface Measurement<S> {
        S measure(AgentSetup setup) throws Exception;
    }

    private final Map<AgentSetup, List<S>> samples = new LinkedHashMap<>();

    private Rounds() {
    }

    /** Measures every setup {@code rounds} times, interleaved; {@code label} prefixes the progress lines. */
    public static <S> Rounds<S> run(String label, List<AgentSetup> setups, int rounds, Measurement<S> once)
            throws Exception {
        Rounds<S> result = new Rounds<>();
        for (int round = 0; round < rounds; round++) {
            for (AgentSetup setup : setups) {
                S sample = once.measure(setup);
                result.samples.computeIfAbsent(setup, k -> new ArrayList<>()).add(sample);
                System.err.printf("%s: %s, run %d: %s%n", label, setup.name(), round + 1, sample);
            }
        }
        return result;
    }

    /** One figure of every sample of {@code setup}, in the order measured. */
    public double[] values(AgentSetup setup, ToDoubleFunction<S> figure) {
        return samples.get(setup).stream().mapToDouble(figure).toArray();
    }
}
