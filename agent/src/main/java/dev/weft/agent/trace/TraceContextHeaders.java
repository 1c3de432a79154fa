package dev.weft.agent.trace;

import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * W3C Trace Context headers, read and written by the rules of the spec: an invalid
 * {@code traceparent} means "start a new trace", and its {@code tracestate} is then ignored; a
 * malformed {@code tracestate} is dropped whole while the valid {@code traceparent} still counts,
 * and a key that repeats costs only its later members. The {@code tracestate} grammar is the
 * current one (keys with any number of {@code @}, up to 256 characters), checked by the test suite
 * of the spec's own repository ({@code TraceContextSuiteIT}).
 */
final class TraceContextHeaders {

    private static final int VERSION_00_LENGTH = 55;
    private static final Pattern TRACEPARENT_PREFIX = Pattern.compile(
            "([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})");
    /**
     * {@code key = ( lcalpha / DIGIT ) 0*255 ( keychar )}, {@code keychar} being {@code a-z 0-9 _ - * / @}:
     * the current spec's one rule for every key. It replaced the older pair of rules (a simple key,
     * or {@code tenant@vendor} with at most 241 and 14 characters) that OpenTelemetry still applies.
     */
    private static final Pattern KEY = Pattern.compile("[a-z0-9][a-z0-9_\\-*/@]{0,255}");
    private static final Pattern VALUE = Pattern.compile("[\\x20-\\x2b\\x2d-\\x3c\\x3e-\\x7e]{0,255}[\\x21-\\x2b\\x2d-\\x3c\\x3e-\\x7e]");
    private static final String ZERO_TRACE_ID = "0".repeat(32);
    private static final String ZERO_SPAN_ID = "0".repeat(16);

    private TraceContextHeaders() {
    }

    /** The remote parent the headers name, or an invalid context when they name none validly. */
    static SpanContext extract(List<String> traceparent, List<String> tracestate) {
        // One traceparent only: several header lines (or one with a comma) are not a valid value.
        if (traceparent == null || traceparent.size() != 1) {
            return SpanContext.getInvalid();
        }
        String value = traceparent.get(0).trim();
        if (value.length() < VERSION_00_LENGTH) {
            return SpanContext.getInvalid();
        }
        var m = TRACEPARENT_PREFIX.matcher(value.substring(0, VERSION_00_LENGTH));
        if (!m.matches()) {
            return SpanContext.getInvalid();
        }
        String version = m.group(1);
        if (version.equals("ff")) {
            return SpanContext.getInvalid();
        }
        if (version.equals("00") ? value.length() != VERSION_00_LENGTH
                : value.length() > VERSION_00_LENGTH && value.charAt(VERSION_00_LENGTH) != '-') {
            return SpanContext.getInvalid(); // version 00 has exactly four fields; later ones may add fields after a '-'
        }
        String traceId = m.group(2);
        String spanId = m.group(3);
        if (traceId.equals(ZERO_TRACE_ID) || spanId.equals(ZERO_SPAN_ID)) {
            return SpanContext.getInvalid();
        }
        boolean sampled = (Integer.parseInt(m.group(4), 16) & 1) != 0;
        return SpanContext.createFromRemoteParent(traceId, spanId,
                sampled ? TraceFlags.getSampled() : TraceFlags.getDefault(), traceState(tracestate));
    }

    /**
     * The list-members of every {@code tracestate} header, in order (several headers are one list).
     * A key that comes again is left out, the first one kept: the spec lets a vendor discard
     * duplicates, and dropping the whole list for them would cost every other vendor its member.
     * Empty when any member is malformed or there are more than 32 members (duplicates counted,
     * as the list came): such a list cannot be trusted, and the spec lets it be discarded whole.
     */
    static TraceState traceState(List<String> headers) {
        if (headers == null || headers.isEmpty()) {
            return TraceState.getDefault();
        }
        Set<String> keys = new HashSet<>();
        List<String> kept = new ArrayList<>();
        int members = 0;
        for (String header : headers) {
            for (String member : header.split(",", -1)) {
                String trimmed = withoutOws(member);
                if (trimmed.isEmpty()) {
                    continue; // empty list-members are allowed and ignored
                }
                int eq = trimmed.indexOf('=');
                if (eq <= 0) {
                    return TraceState.getDefault();
                }
                String key = trimmed.substring(0, eq);
                String value = trimmed.substring(eq + 1);
                if (!isKey(key) || !isValue(value) || ++members > W3cTraceState.MAX_MEMBERS) {
                    return TraceState.getDefault();
                }
                if (keys.add(key)) {
                    kept.add(key);
                    kept.add(value);
                }
            }
        }
        return W3cTraceState.of(kept);
    }

    /** The member without the spaces and tabs around it: the spec's optional whitespace, nothing else. */
    private static String withoutOws(String member) {
        int start = 0;
        int end = member.length();
        while (start < end && (member.charAt(start) == ' ' || member.charAt(start) == '\t')) {
            start++;
        }
        while (end > start && (member.charAt(end - 1) == ' ' || member.charAt(end - 1) == '\t')) {
            end--;
        }
        return member.substring(start, end);
    }

    /** A key by the spec's grammar: a lower-case letter or digit, then up to 255 of those and {@code _ - * / @}. */
    static boolean isKey(String key) {
        return KEY.matcher(key).matches();
    }

    /** A value by the spec's grammar: up to 256 printable characters but {@code ,} and {@code =}, not ending in a space. */
    static boolean isValue(String value) {
        return VALUE.matcher(value).matches();
    }

    /** {@code 00-<trace-id>-<span-id>-<flags>}. */
    static String traceparent(SpanContext context) {
        return "00-" + context.getTraceId() + "-" + context.getSpanId() + "-" + (context.isSampled() ? "01" : "00");
    }

    /** The list-members joined by commas, or {@code null} when there are none. */
    static String tracestate(SpanContext context) {
        TraceState state = context.getTraceState();
        if (state.isEmpty()) {
            return null;
        }
        StringBuilder out = new StringBuilder();
        state.forEach((key, value) -> {
            if (out.length() > 0) {
                out.append(',');
            }
            out.append(key).append('=').append(value);
        });
        return out.toString();
    }
}
