package dev.weft.agent.startup;

import dev.weft.agent.support.Hints;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * The options after {@code -javaagent:weft-agent.jar=}: comma-separated {@code key=value} pairs.
 * The config file comes from the {@code config} option, else the system property
 * {@code weft.config}, else the environment variable {@code WEFT_CONFIG}.
 */
public record AgentOptions(Path config, String configSource, OptionalInt port, boolean strict,
                           long unmatchedReportSeconds, long watchMillis, int retransformBatch,
                           List<String> problems) {

    static final List<String> KEYS = List.of("config", "port", "strict", "unmatched-after", "watch", "retransform-batch");
    /**
     * Loaded classes per retransformation call when a change touches many. Each call stops the JVM
     * once, and the stop has a large fixed part (HotSpot walks the code cache and every stack), so
     * many small batches add up to far more stopped time; see the reload benchmark in the README.
     */
    static final int DEFAULT_RETRANSFORM_BATCH = 256;
    static final long DEFAULT_UNMATCHED_REPORT_SECONDS = 30;
    /** How often the config file is checked for changes, unless {@code watch=} says otherwise. */
    static final long DEFAULT_WATCH_MILLIS = 1000;

    public static AgentOptions parse(String args, Map<String, String> sysProps, Map<String, String> env) {
        Map<String, String> options = new LinkedHashMap<>();
        List<String> problems = new java.util.ArrayList<>();
        if (args != null && !args.isBlank()) {
            for (String pair : args.split(",")) {
                int eq = pair.indexOf('=');
                String key = (eq < 0 ? pair : pair.substring(0, eq)).trim();
                String value = eq < 0 ? "" : pair.substring(eq + 1).trim();
                if (!KEYS.contains(key)) {
                    problems.add("agent option '" + key + "' is unknown" + Hints.didYouMean(key, KEYS)
                            + " (known: " + String.join(", ", KEYS) + ")");
                    continue;
                }
                options.put(key, value);
            }
        }

        Path config = null;
        String source = null;
        if (options.containsKey("config") && !options.get("config").isEmpty()) {
            config = Paths.get(options.get("config"));
            source = "agent option config";
        } else if (sysProps.get("weft.config") != null && !sysProps.get("weft.config").isBlank()) {
            config = Paths.get(sysProps.get("weft.config").trim());
            source = "system property weft.config";
        } else if (env.get("WEFT_CONFIG") != null && !env.get("WEFT_CONFIG").isBlank()) {
            config = Paths.get(env.get("WEFT_CONFIG").trim());
            source = "environment variable WEFT_CONFIG";
        }

        OptionalInt port = OptionalInt.empty();
        if (options.containsKey("port")) {
            try {
                int p = Integer.parseInt(options.get("port"));
                if (p < 0 || p > 65535) {
                    throw new NumberFormatException();
                }
                port = OptionalInt.of(p);
            } catch (NumberFormatException e) {
                problems.add("agent option port=" + options.get("port") + " is not a port number (0-65535)");
            }
        }

        boolean strict = false;
        if (options.containsKey("strict")) {
            String value = options.get("strict");
            if (value.isEmpty() || value.equalsIgnoreCase("true")) {
                strict = true;
            } else if (!value.equalsIgnoreCase("false")) {
                problems.add("agent option strict=" + value + " must be true or false");
            }
        }

        long unmatchedAfter = DEFAULT_UNMATCHED_REPORT_SECONDS;
        if (options.containsKey("unmatched-after")) {
            try {
                unmatchedAfter = Long.parseLong(options.get("unmatched-after").replaceFirst("s$", ""));
                if (unmatchedAfter < 0) {
                    throw new NumberFormatException();
                }
            } catch (NumberFormatException e) {
                problems.add("agent option unmatched-after=" + options.get("unmatched-after")
                        + " must be a number of seconds");
            }
        }
        long watchMillis = DEFAULT_WATCH_MILLIS;
        if (options.containsKey("watch")) {
            watchMillis = watchMillis(options.get("watch"));
            if (watchMillis < 0) {
                problems.add("agent option watch=" + options.get("watch")
                        + " must be true, false or a period such as 5s or 500ms");
                watchMillis = DEFAULT_WATCH_MILLIS;
            }
        }
        int retransformBatch = DEFAULT_RETRANSFORM_BATCH;
        if (options.containsKey("retransform-batch")) {
            try {
                retransformBatch = Integer.parseInt(options.get("retransform-batch"));
                if (retransformBatch < 1) {
                    throw new NumberFormatException();
                }
            } catch (NumberFormatException e) {
                problems.add("agent option retransform-batch=" + options.get("retransform-batch")
                        + " must be a number of classes, 1 or more");
                retransformBatch = DEFAULT_RETRANSFORM_BATCH;
            }
        }
        return new AgentOptions(config, source, port, strict, unmatchedAfter, watchMillis, retransformBatch,
                List.copyOf(problems));
    }

    /** {@code true}, {@code false} (0: no watching), {@code 5s} or {@code 500ms}; -1 when invalid. */
    private static long watchMillis(String value) {
        String v = value.trim().toLowerCase(java.util.Locale.ROOT);
        if (v.isEmpty() || v.equals("true")) {
            return DEFAULT_WATCH_MILLIS;
        }
        if (v.equals("false")) {
            return 0;
        }
        try {
            long millis = v.endsWith("ms") ? Long.parseLong(v.substring(0, v.length() - 2))
                    : v.endsWith("s") ? Long.parseLong(v.substring(0, v.length() - 1)) * 1000
                    : -1;
            return millis > 0 ? millis : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
