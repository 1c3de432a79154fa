package dev.weft.agent.config;

import dev.weft.agent.support.Hints;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code instrumentations:}: built-in instrumentations switched on or off by name, e.g.
 * {@code instrumentations: {servlet: false, executors: true}}. The names are not checked here: the
 * built-ins are discovered at run time, and the component that knows them reports a name that is
 * none of them with {@link #unknown}, placed at the line and column where it was written.
 *
 * @param switches by name, in the order of the file; a built-in not named here keeps its own default
 */
public record InstrumentationsConfig(Map<String, Switch> switches) {

    public static final InstrumentationsConfig NONE = new InstrumentationsConfig(Map.of());

    /**
     * One entry of the section.
     *
     * @param on     the value written
     * @param line   where the name was written, 1-based
     * @param column where the name was written, 1-based
     */
    public record Switch(boolean on, int line, int column) {
    }

    public InstrumentationsConfig {
        switches = Collections.unmodifiableMap(new LinkedHashMap<>(switches));
    }

    /** The value the YAML gives the instrumentation, or {@code otherwise} when it does not name it. */
    public boolean enabled(String name, boolean otherwise) {
        Switch entry = switches.get(name);
        return entry == null ? otherwise : entry.on();
    }

    /** A problem for each name that is none of {@code known}, in the order of the file. */
    public List<ConfigProblem> unknown(String file, Collection<String> known) {
        List<ConfigProblem> problems = new ArrayList<>();
        List<String> names = known.stream().sorted().toList();
        switches.forEach((name, entry) -> {
            if (!known.contains(name)) {
                problems.add(new ConfigProblem(file, entry.line(), entry.column(), "instrumentations." + name,
                        "'" + name + "' is not a built-in instrumentation" + Hints.didYouMean(name, names)
                                + " (built in: " + String.join(", ", names) + ")"));
            }
        });
        return problems;
    }

    /** The switches by name, their places left out: equal texts switch alike. */
    public String canonical() {
        Map<String, Boolean> values = new TreeMap<>();
        switches.forEach((name, entry) -> values.put(name, entry.on()));
        return "instrumentations " + values;
    }
}
