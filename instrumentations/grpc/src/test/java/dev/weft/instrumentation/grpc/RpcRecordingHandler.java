package dev.weft.instrumentation.grpc;

import dev.weft.bootstrap.RpcSpanHandler;
import dev.weft.bootstrap.RpcSpans;
import dev.weft.bootstrap.SpanHandler;
import dev.weft.bootstrap.Spans;
import dev.weft.instrumentation.testing.RecordedSpan;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/** The handler behind {@code RpcSpans}, over an {@link RpcRecorder}; the kit's context is the trace context. */
final class RpcRecordingHandler implements RpcSpanHandler {

    private final RpcRecorder recorder;

    private RpcRecordingHandler(RpcRecorder recorder) {
        this.recorder = recorder;
    }

    static void install(RpcRecorder recorder) {
        if (RpcSpans.class.getClassLoader() != null) {
            throw new IllegalStateException("dev.weft.bootstrap was not loaded by the bootstrap loader");
        }
        RpcSpans.install(new RpcRecordingHandler(recorder));
    }

    static void uninstall() {
        RpcSpans.install(null);
    }

    private record Client(RpcRecorder.Span span) implements ClientSpan {
        @Override
        public String header(String name) {
            return RpcSpans.TRACEPARENT.equals(name) ? span.traceparent() : null;
        }

        @Override
        public void peer(String address, int port) {
            span.peer = address + ":" + port;
        }

        @Override
        public void end(int status, Throwable thrown) {
            span.end(status);
        }
    }

    private record Server(RpcRecorder.Span span) implements ServerSpan {
        @Override
        public SpanHandler.Attached attach() {
            return (SpanHandler.Attached) Spans.attach(new RecordedSpan.Context(span.traceId, span.spanId));
        }

        @Override
        public void end(int status, Throwable thrown) {
            span.end(status);
        }
    }

    @Override
    public ServerSpan serverStart(String fullMethod, List<String> traceparent, List<String> tracestate) {
        String[] parts = traceparent.size() == 1 ? traceparent.get(0).split("-") : new String[0];
        boolean continued = parts.length == 4 && parts[1].length() == 32;
        RpcRecorder.Span span = new RpcRecorder.Span(RpcRecorder.Kind.SERVER, fullMethod,
                continued ? parts[1] : newId(32), newId(16), continued ? parts[2] : null, List.copyOf(traceparent));
        recorder.add(span);
        return new Server(span);
    }

    @Override
    public ClientSpan clientStart(String fullMethod) {
        Object current = Spans.capture();
        RecordedSpan.Context parent = current instanceof RecordedSpan.Context ? (RecordedSpan.Context) current : null;
        RpcRecorder.Span span = new RpcRecorder.Span(RpcRecorder.Kind.CLIENT, fullMethod,
                parent != null ? parent.traceId() : newId(32), newId(16), parent != null ? parent.spanId() : null, null);
        recorder.add(span);
        return new Client(span);
    }

    private static String newId(int length) {
        StringBuilder id = new StringBuilder();
        while (id.length() < length) {
            id.append(Long.toHexString(ThreadLocalRandom.current().nextLong() | Long.MIN_VALUE));
        }
        return id.substring(0, length);
    }
}
