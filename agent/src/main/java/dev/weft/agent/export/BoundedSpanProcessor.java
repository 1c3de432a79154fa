package dev.weft.agent.export;

import dev.weft.agent.support.DaemonThreads;
import dev.weft.agent.support.WeftLog;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * Hands ended, sampled spans to the exporter in batches, from one daemon thread. The queue is
 * bounded: when the exporter cannot keep up (an endpoint down or slow), spans are dropped and
 * counted, and the application's threads never wait.
 *
 * <p>The application's thread does as little as it can: no lock (a lock-free queue, bounded by a
 * counter), no copy (the ended span is read into export form on the export thread), and a drop
 * costs one counter increment.
 */
final class BoundedSpanProcessor implements SpanProcessor {

    static final int QUEUE_CAPACITY = 2048;
    static final int BATCH_SIZE = 512;
    private static final long FLUSH_MILLIS = 1000;

    private final SpanExporter exporter;
    private final String destination;
    private final long exportTimeoutMillis;
    private final Queue<ReadableSpan> queue = new ConcurrentLinkedQueue<>();
    /** Spans in the queue; a span that would take it past {@link #QUEUE_CAPACITY} is dropped. */
    private final AtomicInteger queued = new AtomicInteger();
    private final LongAdder exported = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    final ExportStatus status = new ExportStatus();
    final RecentSpans recent = new RecentSpans();
    private final Thread worker;
    private volatile boolean running = true;
    private volatile boolean dropReported;

    BoundedSpanProcessor(SpanExporter exporter, String destination, long exportTimeoutMillis) {
        this.exporter = exporter;
        this.destination = destination;
        this.exportTimeoutMillis = exportTimeoutMillis;
        this.worker = DaemonThreads.start("weft-span-export", this::exportLoop);
    }

    long exported() {
        return exported.sum();
    }

    long dropped() {
        return dropped.sum();
    }

    @Override
    public void onStart(Context parentContext, ReadWriteSpan span) {
    }

    @Override
    public boolean isStartRequired() {
        return false;
    }

    @Override
    public void onEnd(ReadableSpan span) {
        if (!span.getSpanContext().isSampled()) {
            return;
        }
        int before = queued.getAndIncrement();
        if (before >= QUEUE_CAPACITY) {
            queued.decrementAndGet();
            drop(1, "the export queue is full (" + QUEUE_CAPACITY + " spans)");
            return;
        }
        queue.add(span);
        if (before == BATCH_SIZE - 1) {
            LockSupport.unpark(worker); // a full batch goes at once
        }
    }

    @Override
    public boolean isEndRequired() {
        return true;
    }

    /**
     * Exports a batch whenever one is full, and whatever is queued at least every
     * {@link #FLUSH_MILLIS}: a busy service sends few large requests, not one per span.
     */
    private void exportLoop() {
        List<SpanData> batch = new ArrayList<>(BATCH_SIZE);
        while (running) {
            try {
                if (queued.get() < BATCH_SIZE) {
                    LockSupport.parkNanos(this, TimeUnit.MILLISECONDS.toNanos(FLUSH_MILLIS));
                }
                if (drainTo(batch)) {
                    export(batch);
                    batch.clear();
                }
            } catch (RuntimeException | LinkageError e) {
                drop(batch.size(), e.toString());
                batch.clear();
            }
        }
    }

    /** Moves up to a batch of queued spans into {@code batch}, in export form; false when none was queued. */
    private boolean drainTo(List<SpanData> batch) {
        ReadableSpan span;
        while (batch.size() < BATCH_SIZE && (span = queue.poll()) != null) {
            queued.decrementAndGet();
            SpanData data = span.toSpanData();
            batch.add(data);
            recent.offer(data);
        }
        return !batch.isEmpty();
    }

    private void export(List<SpanData> batch) {
        CompletableResultCode result = exporter.export(List.copyOf(batch));
        result.join(exportTimeoutMillis + 1000, TimeUnit.MILLISECONDS);
        if (result.isSuccess()) {
            exported.add(batch.size());
            status.succeeded();
        } else {
            Throwable failure = result.getFailureThrowable();
            status.failed(failure == null ? "no answer in time" : failure.toString());
            drop(batch.size(), "the OTLP endpoint " + destination + " did not take them"
                    + (failure == null ? "" : ": " + failure));
        }
    }

    private void drop(int spans, String why) {
        dropped.add(spans);
        if (dropReported) {
            return; // said already: a drop on the application's thread builds no message
        }
        dropReported = true;
        WeftLog.warnOnce("spans-dropped", "dropping spans: " + why + ". The application is not slowed; "
                + "weft_spans_dropped_total counts them. Said once.");
    }

    @Override
    public CompletableResultCode shutdown() {
        running = false;
        LockSupport.unpark(worker);
        List<SpanData> rest = new ArrayList<>();
        while (drainTo(rest)) {
            export(rest);
            rest.clear();
        }
        return exporter.shutdown();
    }

    @Override
    public CompletableResultCode forceFlush() {
        return CompletableResultCode.ofSuccess();
    }
}
