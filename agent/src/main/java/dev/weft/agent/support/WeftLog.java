package dev.weft.agent.support;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Weft's voice: one line per event on stderr, prefixed so it stands out in the service's log.
 * No logging framework, so Weft never competes with the application's own logging setup.
 */
public final class WeftLog {

    private static final Set<String> SAID = ConcurrentHashMap.newKeySet();

    private WeftLog() {
    }

    public static void info(String message) {
        System.err.println("[weft] " + message);
    }

    public static void warn(String message) {
        System.err.println("[weft] WARN " + message);
    }

    public static void error(String message) {
        System.err.println("[weft] ERROR " + message);
    }

    /** Warns once per {@code key}, however often the problem recurs. */
    public static void warnOnce(String key, String message) {
        if (SAID.add(key)) {
            warn(message);
        }
    }
}
