package dev.weft.agent.trace;

import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceState;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The cases of W3C Trace Context Level 1, section 3 (traceparent) and 3.3 (tracestate). */
class TraceContextHeadersTest {

    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String SPAN_ID = "00f067aa0ba902b7";
    private static final String VALID = "00-" + TRACE_ID + "-" + SPAN_ID + "-01";

    private static SpanContext parent(String... traceparent) {
        return TraceContextHeaders.extract(List.of(traceparent), List.of());
    }

    @Test
    void theSpecsExampleIsASampledRemoteParent() {
        SpanContext context = parent(VALID);
        assertTrue(context.isValid());
        assertTrue(context.isRemote());
        assertEquals(TRACE_ID, context.getTraceId());
        assertEquals(SPAN_ID, context.getSpanId());
        assertTrue(context.isSampled());
        assertFalse(parent("00-" + TRACE_ID + "-" + SPAN_ID + "-00").isSampled());
    }

    @Test
    void onlyTheSampledFlagIsRead() {
        assertTrue(parent("00-" + TRACE_ID + "-" + SPAN_ID + "-09").isSampled());
        assertFalse(parent("00-" + TRACE_ID + "-" + SPAN_ID + "-08").isSampled());
    }

    @Test
    void surroundingWhitespaceIsIgnored() {
        assertTrue(parent("  " + VALID + "\t").isValid());
    }

    @Test
    void invalidValuesStartANewTrace() {
        List<String> invalid = List.of(
                "",
                "ff-" + TRACE_ID + "-" + SPAN_ID + "-01",                  // version ff is forbidden
                "00-" + "0".repeat(32) + "-" + SPAN_ID + "-01",            // all-zero trace id
                "00-" + TRACE_ID + "-" + "0".repeat(16) + "-01",           // all-zero parent id
                "00-" + TRACE_ID.toUpperCase() + "-" + SPAN_ID + "-01",    // upper-case hex
                "00-" + TRACE_ID + "-" + SPAN_ID.toUpperCase() + "-01",
                "0-" + TRACE_ID + "-" + SPAN_ID + "-01",                   // short version
                "00-" + TRACE_ID.substring(1) + "-" + SPAN_ID + "-01",     // short trace id
                "00-" + TRACE_ID + "-" + SPAN_ID + "-1",                   // short flags
                "00_" + TRACE_ID + "_" + SPAN_ID + "_01",                  // wrong separators
                VALID + "-extra",                                         // version 00 has four fields exactly
                VALID + "x",
                "zz-" + TRACE_ID + "-" + SPAN_ID + "-01");                 // not hex
        for (String value : invalid) {
            assertFalse(parent(value).isValid(), value);
        }
    }

    @Test
    void aLaterVersionIsReadByItsFirstFourFields() {
        assertTrue(parent("01-" + TRACE_ID + "-" + SPAN_ID + "-01").isValid());
        assertTrue(parent("cc-" + TRACE_ID + "-" + SPAN_ID + "-01-what-the-future-brings").isValid());
        assertFalse(parent("cc-" + TRACE_ID + "-" + SPAN_ID + "-01what").isValid(), "fields are separated by '-'");
    }

    @Test
    void moreThanOneTraceparentIsInvalid() {
        assertFalse(parent(VALID, VALID).isValid());
        assertFalse(parent(VALID + "," + VALID).isValid(), "one header line holding two values");
        assertFalse(TraceContextHeaders.extract(List.of(), List.of()).isValid());
        assertFalse(TraceContextHeaders.extract(null, null).isValid());
    }

    @Test
    void tracestateIsCarriedInOrderAcrossHeaderLines() {
        SpanContext context = TraceContextHeaders.extract(List.of(VALID), List.of("rojo=00f067aa0ba902b7", "congo=t61rcWkgMzE,,"));
        TraceState state = context.getTraceState();
        assertEquals("00f067aa0ba902b7", state.get("rojo"));
        assertEquals("t61rcWkgMzE", state.get("congo"));
        assertEquals("rojo=00f067aa0ba902b7,congo=t61rcWkgMzE", TraceContextHeaders.tracestate(context));
    }

    @Test
    void multiTenantKeysAreAccepted() {
        TraceState state = TraceContextHeaders.traceState(List.of("fw529a3039@dt=b, tenant_1@vendor-x=v"));
        assertEquals("b", state.get("fw529a3039@dt"));
        assertEquals("v", state.get("tenant_1@vendor-x"));
    }

    @Test
    void anInvalidTracestateIsDroppedWholeButTheParentStays() {
        List<String> invalid = List.of(
                "Rojo=1",              // upper-case key
                "rojo=1,rojo=2",       // a key twice
                "rojo",                // no value
                "=1",                  // no key
                "rojo=a,b",            // a member without '='
                "rojo=a=b",            // '=' in a value
                "1rojo=1");            // key must start with a letter
        for (String value : invalid) {
            SpanContext context = TraceContextHeaders.extract(List.of(VALID), List.of(value));
            assertTrue(context.isValid(), value);
            assertTrue(context.getTraceState().isEmpty(), value);
        }
    }

    @Test
    void moreThanThirtyTwoMembersIsInvalid() {
        List<String> members = new ArrayList<>();
        for (int i = 0; i < 33; i++) {
            members.add("k" + i + "=v");
        }
        assertTrue(TraceContextHeaders.traceState(List.of(String.join(",", members))).isEmpty());
        assertEquals(32, TraceContextHeaders.traceState(List.of(String.join(",", members.subList(0, 32)))).size());
    }

    @Test
    void writesVersion00() {
        SpanContext context = parent(VALID);
        assertEquals(VALID, TraceContextHeaders.traceparent(context));
        assertNull(TraceContextHeaders.tracestate(context), "no tracestate when there is none to carry");
    }
}
