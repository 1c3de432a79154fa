package dev.weft.instrumentation.grpc;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Records the RPC spans woven code opens through {@code RpcSpans}, with the kit's {@code Recorder}
 * as the trace context: a client span is a child of the context current where it opens, a server
 * span continues the {@code traceparent} it arrived with and is that context while it is attached.
 * Names no bootstrap type, so a test class may name it; {@link RpcRecordingHandler} is installed
 * behind {@code RpcSpans} once the test agent is in place.
 */
final class RpcRecorder implements AutoCloseable {

    enum Kind { SERVER, CLIENT }

    /** One span as recorded. */
    static final class Span {
        final Kind kind;
        final String method;
        final String traceId;
        final String spanId;
        /** The client's parent span id (from the context current at its start), or the server's remote parent's. */
        final String parentId;
        final List<String> incoming;
        private final CountDownLatch ended = new CountDownLatch(1);
        volatile int status = -1;
        volatile String peer;

        Span(Kind kind, String method, String traceId, String spanId, String parentId, List<String> incoming) {
            this.kind = kind;
            this.method = method;
            this.traceId = traceId;
            this.spanId = spanId;
            this.parentId = parentId;
            this.incoming = incoming;
        }

        String traceparent() {
            return "00-" + traceId + "-" + spanId + "-01";
        }

        void end(int code) {
            status = code;
            ended.countDown();
        }

        Span awaitEnd(Duration wait) throws InterruptedException {
            if (!ended.await(wait.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("not ended: " + this);
            }
            return this;
        }

        @Override
        public String toString() {
            return kind + " " + method + " " + traceparent() + " parent " + parentId + " status " + status;
        }
    }

    private final List<Span> spans = new CopyOnWriteArrayList<>();

    private RpcRecorder() {
    }

    /** Call after the kit's {@code Recorder.install()}: its context is the one RPC spans use. */
    static RpcRecorder install() {
        RpcRecorder recorder = new RpcRecorder();
        RpcRecordingHandler.install(recorder);
        return recorder;
    }

    @Override
    public void close() {
        RpcRecordingHandler.uninstall();
    }

    void add(Span span) {
        spans.add(span);
    }

    List<Span> spans(Kind kind, String method) {
        return spans.stream().filter(s -> s.kind == kind && s.method.equals(method)).collect(Collectors.toList());
    }

    List<Span> all() {
        return List.copyOf(spans);
    }
}
