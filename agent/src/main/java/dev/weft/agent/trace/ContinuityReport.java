package dev.weft.agent.trace;

import java.util.List;

/**
 * What {@link TraceContinuity} counted so far, copied out at once: every entry point and exit
 * with its counts and a verdict, in a stable order (by kind, then name).
 */
public record ContinuityReport(List<EntryRow> entries, List<ExitRow> exits) {

    /** Every request continued an upstream trace. */
    public static final String OK = "ok";
    /** Some requests continued an upstream trace and some did not: a caller that drops the context. */
    public static final String PARTIAL = "partial";
    /** No request carried an upstream trace: traces begin here (right at the edge, a break behind a traced caller). */
    public static final String ROOT = "root";
    /** Calls were made with no trace current: the callers named are where propagation stopped. */
    public static final String BROKEN = "broken";

    public ContinuityReport {
        entries = List.copyOf(entries);
        exits = List.copyOf(exits);
    }

    /**
     * @param kind      e.g. {@code http_server}
     * @param continued requests that carried a valid upstream {@code traceparent} and continued its trace
     * @param started   requests that began a new trace
     */
    public record EntryRow(String kind, String name, long continued, long started) {

        public String verdict() {
            return started == 0 ? OK : continued == 0 ? ROOT : PARTIAL;
        }
    }

    /**
     * @param kind     e.g. {@code http_client}
     * @param calls    every call through this exit
     * @param untraced the calls made with no current trace, the sum over {@code callers}
     * @param callers  who made them, most calls first
     */
    public record ExitRow(String kind, String target, long calls, long untraced, List<Caller> callers) {

        public ExitRow {
            callers = List.copyOf(callers);
        }

        public String verdict() {
            return untraced == 0 ? OK : BROKEN;
        }
    }

    /** @param method {@code class.method}, or {@code other} past the cap on callers */
    public record Caller(String method, long untraced) {
    }
}
