package dev.weft.agent.trace;

import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.TraceStateBuilder;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * W3C Trace Context (Level 1) headers, read and written by the rules of the spec: an invalid
 * {@code traceparent} means "start a new trace", and its {@code tracestate} is then ignored; an
 * invalid {@code tracestate} is dropped whole while the valid {@code traceparent} still counts.
 */
final class TraceContextHeaders {

    private static final int VERSION_00_LENGTH = 55;
    private static final Pattern TRACEPARENT_PREFIX = Pattern.compile(
            "([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})");
    private static final Pattern SIMPLE_KEY = Pattern.compile("[a-z][a-z0-9_\\-*/]{0,255}");
    private static final Pattern TENANT_KEY = Pattern.compile("[a-z0-9][a-z0-9_\\-*/]{0,240}@[a-z][a-z0-9_\\-*/]{0,13}");
    private static final Pattern VALUE = Pattern.compile("[\\x20-\\x2b\\x2d-\\x3c\\x3e-\\x7e]{0,255}[\\x21-\\x2b\\x2d-\\x3c\\x3e-\\x7e]");
    private static final int MAX_MEMBERS = 32;
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
     * The list-members of every {@code tracestate} header, in order (several headers are one list);
     * empty when any member is malformed, a key repeats, or there are more than 32.
     */
    static TraceState traceState(List<String> headers) {
        if (headers == null || headers.isEmpty()) {
            return TraceState.getDefault();
        }
        TraceStateBuilder builder = TraceState.builder();
        Set<String> keys = new HashSet<>();
        List<String[]> members = new java.util.ArrayList<>();
        for (String header : headers) {
            for (String member : header.split(",", -1)) {
                String trimmed = member.strip();
                if (trimmed.isEmpty()) {
                    continue; // empty list-members are allowed and ignored
                }
                int eq = trimmed.indexOf('=');
                if (eq <= 0) {
                    return TraceState.getDefault();
                }
                String key = trimmed.substring(0, eq);
                String value = trimmed.substring(eq + 1);
                if (!(SIMPLE_KEY.matcher(key).matches() || TENANT_KEY.matcher(key).matches())
                        || !VALUE.matcher(value).matches() || !keys.add(key)) {
                    return TraceState.getDefault();
                }
                members.add(new String[] {key, value});
            }
        }
        if (members.size() > MAX_MEMBERS) {
            return TraceState.getDefault();
        }
        // TraceState.builder().put() puts a key first; adding from last to first keeps the order.
        for (int i = members.size() - 1; i >= 0; i--) {
            builder.put(members.get(i)[0], members.get(i)[1]);
        }
        return builder.build();
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
