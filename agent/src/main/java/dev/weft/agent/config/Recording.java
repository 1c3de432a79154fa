package dev.weft.agent.config;

import dev.weft.bootstrap.Probes;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/** What a selector records for each call; the YAML names are the lower-case constant names. */
public enum Recording {
    TIMER(Probes.TIMER),
    COUNT(Probes.COUNT),
    ERRORS(Probes.ERRORS),
    INFLIGHT(Probes.INFLIGHT);

    public static final Set<Recording> DEFAULT = EnumSet.of(TIMER, ERRORS);

    private final int flag;

    Recording(int flag) {
        this.flag = flag;
    }

    public String yamlName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The bit set woven code receives as a constant. */
    public static int flags(Set<Recording> recordings) {
        int flags = 0;
        for (Recording r : recordings) {
            flags |= r.flag;
        }
        return flags;
    }
}
