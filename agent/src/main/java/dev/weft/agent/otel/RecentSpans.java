package dev.weft.agent.otel;

import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.SpanData;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The recent failed spans and the slowest recent ones, for the status page. Fed from the export
 * thread as spans leave the queue, so the application's threads pay nothing for it.
 */
public final class RecentSpans {

    static final int KEEP = 15;
    static final Duration SLOW_HORIZON = Duration.ofMinutes(15);

    /** One span as the status page shows it. */
    public record Summary(String name, String traceId, long durationNanos, Instant end, String error) {
    }

    private final ArrayDeque<Summary> failed = new ArrayDeque<>();
    private final List<Summary> slowest = new ArrayList<>();

    synchronized void offer(SpanData span) {
        Summary summary = new Summary(span.getName(), span.getTraceId(),
                span.getEndEpochNanos() - span.getStartEpochNanos(),
                Instant.ofEpochSecond(0, span.getEndEpochNanos()),
                span.getStatus().getStatusCode() == StatusCode.ERROR ? errorText(span) : null);
        if (summary.error() != null) {
            failed.addFirst(summary);
            if (failed.size() > KEEP) {
                failed.removeLast();
            }
        }
        Instant horizon = summary.end().minus(SLOW_HORIZON);
        slowest.removeIf(s -> s.end().isBefore(horizon));
        if (slowest.size() < KEEP || summary.durationNanos() > slowest.get(slowest.size() - 1).durationNanos()) {
            slowest.add(summary);
            slowest.sort(Comparator.comparingLong(Summary::durationNanos).reversed());
            if (slowest.size() > KEEP) {
                slowest.remove(slowest.size() - 1);
            }
        }
    }

    private static String errorText(SpanData span) {
        for (io.opentelemetry.sdk.trace.data.EventData event : span.getEvents()) {
            if (event.getName().equals("exception")) {
                Object type = event.getAttributes().get(io.opentelemetry.api.common.AttributeKey.stringKey("exception.type"));
                if (type != null) {
                    return type.toString();
                }
            }
        }
        String description = span.getStatus().getDescription();
        return description == null || description.isEmpty() ? "error" : description;
    }

    /** The latest failed spans, newest first. */
    public synchronized List<Summary> failed() {
        return List.copyOf(failed);
    }

    /** The slowest spans of the last 15 minutes, slowest first. */
    public synchronized List<Summary> slowest() {
        return List.copyOf(slowest);
    }
}
