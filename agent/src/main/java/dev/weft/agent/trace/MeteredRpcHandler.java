package dev.weft.agent.trace;

import dev.weft.bootstrap.RpcSpanHandler;
import dev.weft.bootstrap.SpanHandler;

import java.util.List;

/**
 * The RPC handler while nothing is traced: no spans, no headers, only the durations in
 * {@link RpcMetrics}, so a metrics-only config still has its RPC metrics.
 */
public final class MeteredRpcHandler implements RpcSpanHandler {

    static final String GRPC = "grpc";

    private final RpcMetrics metrics;

    public MeteredRpcHandler(RpcMetrics metrics) {
        this.metrics = metrics;
    }

    private final class ServerCall implements ServerSpan {
        private final long startNanos = System.nanoTime();
        private final String method;

        ServerCall(String method) {
            this.method = method;
        }

        @Override
        public SpanHandler.Attached attach() {
            return null; // no trace to carry
        }

        @Override
        public void end(int status, Throwable thrown) {
            metrics.server(GRPC, method, status, System.nanoTime() - startNanos);
        }
    }

    private final class ClientCall implements ClientSpan {
        private final long startNanos = System.nanoTime();
        private final String method;

        ClientCall(String method) {
            this.method = method;
        }

        @Override
        public String header(String name) {
            return null; // the call goes out as the application made it
        }

        @Override
        public void peer(String address, int port) {
        }

        @Override
        public void end(int status, Throwable thrown) {
            metrics.client(GRPC, method, status, System.nanoTime() - startNanos);
        }
    }

    @Override
    public ServerSpan serverStart(String fullMethod, List<String> traceparent, List<String> tracestate) {
        return new ServerCall(fullMethod);
    }

    @Override
    public ClientSpan clientStart(String fullMethod) {
        if (Thread.currentThread().getName().startsWith(OtelHttpHandler.WEFT_THREADS)) {
            return null;
        }
        return new ClientCall(fullMethod);
    }
}
