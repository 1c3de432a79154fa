package dev.weft.agent.trace;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SpanExceptionsTest {

    private final SdkTracerProvider provider = SdkTracerProvider.builder().build();

    @AfterEach
    void close() {
        provider.close();
    }

    private Span span(String name) {
        return provider.get("test").spanBuilder(name).startSpan();
    }

    private static SpanData data(Span span) {
        return ((ReadableSpan) span).toSpanData();
    }

    private static List<EventData> exceptions(Span span) {
        return data(span).getEvents().stream().filter(e -> e.getName().equals("exception")).toList();
    }

    @Test
    void anExceptionUnwindingThroughNestedSpansIsRecordedWhereFirstSeenAndFailsThemAll() {
        Span outer = span("outer");
        Span inner = provider.get("test").spanBuilder("inner")
                .setParent(io.opentelemetry.context.Context.root().with(outer)).startSpan();
        IllegalStateException thrown = new IllegalStateException("boom");
        SpanExceptions.record(inner, thrown);
        SpanExceptions.record(outer, thrown);
        assertEquals(1, exceptions(inner).size());
        assertEquals(0, exceptions(outer).size(), "the same exception, the same trace: once");
        assertEquals(StatusCode.ERROR, data(outer).getStatus().getStatusCode());
        assertEquals("java.lang.IllegalStateException", data(outer).getStatus().getDescription());
        assertEquals("boom", exceptions(inner).get(0).getAttributes().get(SpanExceptions.MESSAGE));
    }

    @Test
    void theSameExceptionInAnotherTraceIsRecordedThereToo() {
        IllegalStateException thrown = new IllegalStateException("boom");
        Span first = span("first");
        Span second = span("second"); // a root of its own: another trace
        SpanExceptions.record(first, thrown);
        SpanExceptions.record(second, thrown);
        assertEquals(1, exceptions(first).size());
        assertEquals(1, exceptions(second).size());
    }

    @Test
    void aDeepStackTraceIsCutAtTheFrameLimit() {
        StackOverflowError overflow = overflow(0);
        String rendered = SpanExceptions.stackTrace(overflow);
        long frames = rendered.lines().filter(l -> l.startsWith("\tat ")).count();
        assertEquals(SpanExceptions.MAX_FRAMES, frames);
        assertTrue(rendered.startsWith("java.lang.StackOverflowError"), rendered.substring(0, 40));
        assertTrue(rendered.contains("\t... " + (overflow.getStackTrace().length - SpanExceptions.MAX_FRAMES) + " more"));
        assertTrue(rendered.length() <= SpanExceptions.MAX_STACKTRACE + 3);
    }

    @Test
    void causesShareTheFrameLimit() {
        Exception cause = new java.io.IOException("disk");
        RuntimeException wrapper = new RuntimeException("wrapped", cause);
        String rendered = SpanExceptions.stackTrace(wrapper);
        assertTrue(rendered.contains("Caused by: java.io.IOException: disk"), rendered);
        long frames = rendered.lines().filter(l -> l.startsWith("\tat ")).count();
        assertTrue(frames <= SpanExceptions.MAX_FRAMES, rendered);
    }

    private static StackOverflowError overflow(int depth) {
        try {
            return overflow(depth + 1);
        } catch (StackOverflowError e) {
            return e;
        }
    }
}
