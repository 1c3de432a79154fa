package dev.weft.agent.trace;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The cases of W3C Trace Context, section 3 (traceparent) and 3.3 (tracestate), the tracestate key
 * grammar as the current spec has it.
 */
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
                "rojo",                // no value
                "=1",                  // no key
                "rojo=a,b",            // a member without '='
                "rojo=a=b",            // '=' in a value
                "rojo=",               // an empty value
                "rojo=1 ,bar=2,ro jo=3", // a space inside a key
                "@rojo=1,bar=2",       // a key starts with a letter or digit, never '@'
                "rojo=1\u000b",        // only spaces and tabs are whitespace around a member
                "rojo=\u00e9");        // a value is printable ASCII
        for (String value : invalid) {
            SpanContext context = TraceContextHeaders.extract(List.of(VALID), List.of(value));
            assertTrue(context.isValid(), value);
            assertTrue(context.getTraceState().isEmpty(), value);
        }
    }

    @Test
    void aRepeatedKeyKeepsItsFirstMemberAndTheRestOfTheList() {
        assertEquals("foo=1,bar=2,baz=4", header("foo=1,bar=2,foo=3,baz=4"));
        assertEquals("foo=1,bar=2", header("foo=1", "foo=2,bar=2"), "across header lines too");
        assertEquals("foo=1", header("foo=1,foo=1"));
        SpanContext context = TraceContextHeaders.extract(List.of(VALID), List.of("rojo=1,congo=2,rojo=3"));
        assertEquals("1", context.getTraceState().get("rojo"));
        assertEquals(2, context.getTraceState().size());
    }

    @Test
    void aKeyMayHoldAtSignsAnywhereButFirst() {
        for (String key : List.of("foo@", "foo@@bar", "foo@bar@baz", "fw529a3039@dt", "1rojo", "7@", "a@1")) {
            assertEquals(key + "=1,bar=2", header(key + "=1,bar=2"), key);
        }
        assertEquals("", header("@foo=1,bar=2"), "a list with a key that starts with '@' is malformed");
    }

    @Test
    void aKeyMayBe256CharactersLongWhereverItsAtSignsAre() {
        for (String key : List.of("z".repeat(256), "t".repeat(241) + "@" + "v".repeat(14), "t".repeat(128) + "@".repeat(128))) {
            assertEquals(256, key.length());
            assertEquals("foo=1," + key + "=1", header("foo=1", key + "=1"), key);
        }
        // The older grammar's limits (a tenant of 241 characters, a vendor of 14) are gone.
        for (String key : List.of("t".repeat(242) + "@v", "t@" + "v".repeat(15))) {
            assertEquals("foo=1," + key + "=1", header("foo=1", key + "=1"), key);
        }
        assertEquals("", header("foo=1", "z".repeat(257) + "=1"), "257 characters make the list malformed");
        assertEquals("", header("foo=1", "t".repeat(242) + "@" + "v".repeat(14) + "=1"));
    }

    @Test
    void openTelemetrysBuilderWouldLoseKeysTheSpecAllows() {
        // Why W3cTraceState exists: if this ever fails, OpenTelemetry's own TraceState keeps these keys
        // and could carry the members again.
        for (String key : List.of("foo@@bar", "t@" + "v".repeat(15), "1rojo")) {
            assertTrue(TraceState.builder().put(key, "1").build().isEmpty(), key);
            assertEquals("1", TraceContextHeaders.traceState(List.of(key + "=1")).get(key), key);
        }
    }

    @Test
    void theMembersGoOnIntoChildSpansOfTheSdk() {
        String members = "foo@@bar=1,t@" + "v".repeat(15) + "=2,rojo= leading space kept";
        SpanContext remote = TraceContextHeaders.extract(List.of(VALID), List.of(members));
        try (SdkTracerProvider provider = SdkTracerProvider.builder().build()) {
            Span child = provider.get("test").spanBuilder("child")
                    .setParent(Context.root().with(Span.wrap(remote))).startSpan();
            Span grandchild = provider.get("test").spanBuilder("grandchild")
                    .setParent(Context.root().with(child)).startSpan();
            assertEquals(TRACE_ID, grandchild.getSpanContext().getTraceId());
            assertEquals(members, TraceContextHeaders.tracestate(grandchild.getSpanContext()),
                    "what goes out downstream is what came in");
            grandchild.end();
            child.end();
        }
    }

    @Test
    void mutationsFollowTheSpec() {
        TraceState state = TraceContextHeaders.traceState(List.of("a=1,b@@x=2,c=3"));
        TraceState changed = state.toBuilder().put("c", "9").put("d@", "4").remove("a")
                .put("Bad", "5").put("e", "bad,value").build();
        assertEquals("d@=4,c=9,b@@x=2", join(changed), "put keys go first, the others keep their order");
        assertEquals("a=1,b@@x=2,c=3", join(state), "the original is unchanged");
        assertEquals(state, TraceContextHeaders.traceState(List.of("a=1", "b@@x=2,c=3")));
        assertEquals(Map.of("a", "1", "b@@x", "2", "c", "3"), state.asMap());

        TraceState full = TraceContextHeaders.traceState(List.of(String.join(",", members(32))));
        TraceState added = full.toBuilder().put("new", "v").build();
        assertEquals(32, added.size());
        assertEquals("v", added.get("new"));
        assertNull(added.get("k31"), "the right-most member makes room");
        assertEquals("v", added.get("k30"));
        assertTrue(state.toBuilder().remove("a").remove("b@@x").remove("c").build().isEmpty());
    }

    @Test
    void moreThanThirtyTwoMembersIsInvalid() {
        List<String> members = members(33);
        assertTrue(TraceContextHeaders.traceState(List.of(String.join(",", members))).isEmpty());
        assertEquals(32, TraceContextHeaders.traceState(List.of(String.join(",", members.subList(0, 32)))).size());
        assertTrue(TraceContextHeaders.traceState(List.of(String.join(",", members.subList(0, 32)), "k0=again"))
                .isEmpty(), "a repeated key still counts: the list as it came has 33 members");
    }

    @Test
    void writesVersion00() {
        SpanContext context = parent(VALID);
        assertEquals(VALID, TraceContextHeaders.traceparent(context));
        assertNull(TraceContextHeaders.tracestate(context), "no tracestate when there is none to carry");
    }

    /** The tracestate header Weft would send on, after reading these; empty for none. */
    private static String header(String... headers) {
        SpanContext context = TraceContextHeaders.extract(List.of(VALID), List.of(headers));
        String out = TraceContextHeaders.tracestate(context);
        return out == null ? "" : out;
    }

    private static String join(TraceState state) {
        StringBuilder out = new StringBuilder();
        state.forEach((key, value) -> out.append(out.length() == 0 ? "" : ",").append(key).append('=').append(value));
        return out.toString();
    }

    private static List<String> members(int count) {
        List<String> members = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            members.add("k" + i + "=v");
        }
        return members;
    }
}
