package dev.weft.agent.export;

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
    public record Summary(String name, String traceId, long durationNanos, long endEpochNanos, String error) {
        public Instant end() {
            return Instant.ofEpochSecond(0, endEpochNanos);
        }
    }

    private final ArrayDeque<Summary> failed = new ArrayDeque<>();
    private final List<Summary> slowest = new ArrayList<>();
    /** What a span must beat to enter the full list of the slowest, and when the list's oldest entry ends. */
    private long slowestFloorNanos;
    private long oldestEndEpochNanos = Long.MAX_VALUE;

    /** Most spans are neither failed nor among the slowest: they cost two comparisons and no allocation. */
    synchronized void offer(SpanData span) {
        long end = span.getEndEpochNanos();
        long duration = end - span.getStartEpochNanos();
        boolean error = span.getStatus().getStatusCode() == StatusCode.ERROR;
        boolean expired = oldestEndEpochNanos < end - SLOW_HORIZON.toNanos();
        if (!error && !expired && slowest.size() == KEEP && duration <= slowestFloorNanos) {
            return;
        }
        Summary summary = new Summary(span.getName(), span.getTraceId(), duration, end, error ? errorText(span) : null);
        if (error) {
            failed.addFirst(summary);
            if (failed.size() > KEEP) {
                failed.removeLast();
            }
        }
        if (expired) {
            slowest.removeIf(s -> s.endEpochNanos() < end - SLOW_HORIZON.toNanos());
        }
        if (slowest.size() < KEEP || duration > slowestFloorNanos) {
            slowest.add(summary);
            slowest.sort(Comparator.comparingLong(Summary::durationNanos).reversed());
            if (slowest.size() > KEEP) {
                slowest.remove(slowest.size() - 1);
            }
        }
        slowestFloorNanos = slowest.get(slowest.size() - 1).durationNanos();
        oldestEndEpochNanos = slowest.stream().mapToLong(Summary::endEpochNanos).min().orElse(Long.MAX_VALUE);
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
