package dev.weft.agent.otel;

import dev.weft.agent.WeftLog;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * Hands ended, sampled spans to the exporter in batches, from one daemon thread. The queue is
 * bounded: when the exporter cannot keep up (an endpoint down or slow), spans are dropped and
 * counted, and the application's threads never wait.
 */
final class BoundedSpanProcessor implements SpanProcessor {

    static final int QUEUE_CAPACITY = 2048;
    static final int BATCH_SIZE = 512;
    private static final long FLUSH_MILLIS = 1000;

    private final SpanExporter exporter;
    private final String destination;
    private final long exportTimeoutMillis;
    private final BlockingQueue<SpanData> queue = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
    private final LongAdder exported = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    private final Thread worker;
    private volatile boolean running = true;

    BoundedSpanProcessor(SpanExporter exporter, String destination, long exportTimeoutMillis) {
        this.exporter = exporter;
        this.destination = destination;
        this.exportTimeoutMillis = exportTimeoutMillis;
        this.worker = new Thread(this::exportLoop, "weft-span-export");
        worker.setDaemon(true);
        worker.start();
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
        if (!queue.offer(span.toSpanData())) {
            drop(1, "the export queue is full (" + QUEUE_CAPACITY + " spans)");
        }
    }

    @Override
    public boolean isEndRequired() {
        return true;
    }

    private void exportLoop() {
        List<SpanData> batch = new ArrayList<>(BATCH_SIZE);
        while (running) {
            try {
                SpanData first = queue.poll(FLUSH_MILLIS, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, BATCH_SIZE - 1);
                export(batch);
                batch.clear();
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException | LinkageError e) {
                drop(batch.size(), e.toString());
                batch.clear();
            }
        }
    }

    private void export(List<SpanData> batch) {
        CompletableResultCode result = exporter.export(List.copyOf(batch));
        result.join(exportTimeoutMillis + 1000, TimeUnit.MILLISECONDS);
        if (result.isSuccess()) {
            exported.add(batch.size());
        } else {
            Throwable failure = result.getFailureThrowable();
            drop(batch.size(), "the OTLP endpoint " + destination + " did not take them"
                    + (failure == null ? "" : ": " + failure));
        }
    }

    private void drop(int spans, String why) {
        dropped.add(spans);
        WeftLog.warnOnce("spans-dropped", "dropping spans: " + why + ". The application is not slowed; "
                + "weft_spans_dropped_total counts them. Said once.");
    }

    @Override
    public CompletableResultCode shutdown() {
        running = false;
        worker.interrupt();
        List<SpanData> rest = new ArrayList<>();
        queue.drainTo(rest);
        if (!rest.isEmpty()) {
            export(rest);
        }
        return exporter.shutdown();
    }

    @Override
    public CompletableResultCode forceFlush() {
        return CompletableResultCode.ofSuccess();
    }
}
