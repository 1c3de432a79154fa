package dev.weft.agent.config;

/**
 * A part of the agent that depends on part of the config and follows it: it says which part
 * ({@link #follows}), and a reload calls {@link #changed} only when that part is no longer equal
 * to what it was. Sections are records, so "equal" is value equality.
 *
 * @param <T> the part followed, e.g. {@code List<Slo>} or a section record
 */
public interface ConfigFollower<T> {

    /** For messages: what this is ("endpoint", "OTLP export"...). */
    String name();

    /** The part of {@code config} this follows. */
    T follows(WeftConfig config);

    /** Puts the changed part in force; {@code config} is the whole new config. */
    void changed(T before, T after, WeftConfig config);
}
