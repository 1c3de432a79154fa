package dev.weft.agent.trace;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;

import java.lang.ref.WeakReference;

/**
 * Exceptions on spans, by the semantic conventions ({@code exception} event with type, message and
 * stack trace). An exception that unwinds through many traced frames (a stack overflow through a
 * recursion: thousands) marks every span failed, but is recorded once per trace, on the span where
 * it was first seen, and its stack trace is bounded: rendering it on every frame cost a second of
 * CPU per overflow.
 */
final class SpanExceptions {

    static final AttributeKey<String> TYPE = AttributeKey.stringKey("exception.type");
    static final AttributeKey<String> MESSAGE = AttributeKey.stringKey("exception.message");
    static final AttributeKey<String> STACKTRACE = AttributeKey.stringKey("exception.stacktrace");
    /** Frames rendered in all, causes included. */
    static final int MAX_FRAMES = 64;
    /** Characters of a message, and of the whole rendered stack trace. */
    static final int MAX_MESSAGE = 1024;
    static final int MAX_STACKTRACE = 16 * 1024;
    private static final int MAX_CAUSES = 8;

    /** The exception this thread last recorded, and in which trace; weak, so it is never kept alive. */
    private static final ThreadLocal<Sighting> LAST = new ThreadLocal<>();

    private record Sighting(WeakReference<Throwable> thrown, String traceId) {
        boolean is(Throwable other, String otherTraceId) {
            return thrown.get() == other && traceId.equals(otherTraceId);
        }
    }

    private SpanExceptions() {
    }

    /** Marks {@code span} failed by {@code thrown}, and records the exception if its trace has not yet. */
    static void record(Span span, Throwable thrown) {
        span.setStatus(StatusCode.ERROR, thrown.getClass().getName());
        String traceId = span.getSpanContext().getTraceId();
        Sighting last = LAST.get();
        if (last != null && last.is(thrown, traceId)) {
            return;
        }
        AttributesBuilder attributes = Attributes.builder()
                .put(TYPE, thrown.getClass().getName())
                .put(STACKTRACE, stackTrace(thrown));
        String message = thrown.getMessage();
        if (message != null) {
            attributes.put(MESSAGE, bounded(message, MAX_MESSAGE));
        }
        span.addEvent("exception", attributes.build());
        // Only once recorded: near the end of an exhausted stack the lines above may fail, and the
        // next frame out must try again.
        LAST.set(new Sighting(new WeakReference<>(thrown), traceId));
    }

    /** As {@link Throwable#printStackTrace()} prints it, cut at {@link #MAX_FRAMES} frames and {@link #MAX_STACKTRACE} characters. */
    static String stackTrace(Throwable thrown) {
        StringBuilder out = new StringBuilder();
        int framesLeft = MAX_FRAMES;
        int causes = 0;
        for (Throwable t = thrown; t != null && causes <= MAX_CAUSES && out.length() < MAX_STACKTRACE;
             t = t.getCause(), causes++) {
            if (t != thrown) {
                out.append("Caused by: ");
            }
            out.append(bounded(String.valueOf(t), MAX_MESSAGE)).append('\n');
            StackTraceElement[] frames = t.getStackTrace();
            int shown = Math.min(frames.length, framesLeft);
            for (int i = 0; i < shown; i++) {
                out.append("\tat ").append(frames[i]).append('\n');
            }
            framesLeft -= shown;
            if (shown < frames.length) {
                out.append("\t... ").append(frames.length - shown).append(" more\n");
            }
        }
        return bounded(out.toString(), MAX_STACKTRACE);
    }

    private static String bounded(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max) + "...";
    }
}
