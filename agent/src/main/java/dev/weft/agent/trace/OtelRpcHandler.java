package dev.weft.agent.trace;

import dev.weft.bootstrap.RpcSpanHandler;
import dev.weft.bootstrap.RpcSpans;
import dev.weft.bootstrap.SpanHandler;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;

import java.util.List;

/**
 * RPC spans by OpenTelemetry's RPC semantic conventions (v1.45, gRPC): SERVER spans named by the
 * full method ({@code package.Service/Method}) that continue the caller's W3C trace, CLIENT spans
 * of the same name whose context goes out in {@code traceparent}; {@code rpc.system.name},
 * {@code rpc.method}, {@code rpc.response.status_code} (the status's name) and, on the client,
 * {@code server.address} and {@code server.port}. A client span is an error for any status but OK,
 * a server span only for the codes that say the server failed ({@link GrpcStatus#serverError}),
 * with {@code error.type} the status's name. Both record their durations in {@link RpcMetrics}
 * whether or not the trace is sampled, and report to the {@link TraceContinuity}.
 */
public final class OtelRpcHandler implements RpcSpanHandler {

    static final AttributeKey<String> SYSTEM = AttributeKey.stringKey("rpc.system.name");
    static final AttributeKey<String> METHOD = AttributeKey.stringKey("rpc.method");
    static final AttributeKey<String> STATUS = AttributeKey.stringKey("rpc.response.status_code");
    static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");

    private final Tracer tracer;
    private final RpcMetrics metrics;
    private final MdcBridge mdc;
    private final TraceContinuity continuity;

    public OtelRpcHandler(Tracer tracer, RpcMetrics metrics, MdcBridge mdc, TraceContinuity continuity) {
        this.tracer = tracer;
        this.metrics = metrics;
        this.mdc = mdc;
        this.continuity = continuity;
    }

    /** A SERVER span: current only around the library's tasks for its call ({@link #attach}). */
    private final class TracedServer implements ServerSpan {
        private final Span span;
        private final Context context;
        private final String method;
        private final long startNanos = System.nanoTime();

        TracedServer(Span span, Context parent, String method) {
            this.span = span;
            this.context = parent.with(span);
            this.method = method;
        }

        @Override
        public SpanHandler.Attached attach() {
            Context before = Context.current();
            Scope scope = context.makeCurrent();
            mdc.sync();
            return () -> {
                Scopes.closeAndRestore(scope, before);
                mdc.sync();
            };
        }

        @Override
        public void end(int status, Throwable thrown) {
            try {
                metrics.server(MeteredRpcHandler.GRPC, method, status, System.nanoTime() - startNanos);
            } finally {
                finish(span, status, thrown, GrpcStatus.serverError(status));
            }
        }
    }

    /** A CLIENT span: gives the trace headers of its context, records the call's duration and ends itself. */
    private final class TracedClient implements ClientSpan {
        private final Span span;
        private final String method;
        private final long startNanos = System.nanoTime();

        TracedClient(Span span, String method) {
            this.span = span;
            this.method = method;
        }

        @Override
        public String header(String name) {
            SpanContext context = span.getSpanContext();
            if (!context.isValid()) {
                return null;
            }
            return name.equals(RpcSpans.TRACEPARENT) ? TraceContextHeaders.traceparent(context)
                    : TraceContextHeaders.tracestate(context);
        }

        @Override
        public void peer(String address, int port) {
            span.setAttribute(OtelHttpHandler.SERVER_ADDRESS, address);
            if (port > 0) {
                span.setAttribute(OtelHttpHandler.SERVER_PORT, (long) port);
            }
        }

        @Override
        public void end(int status, Throwable thrown) {
            try {
                metrics.client(MeteredRpcHandler.GRPC, method, status, System.nanoTime() - startNanos);
            } finally {
                finish(span, status, thrown, GrpcStatus.clientError(status));
            }
        }
    }

    private static void finish(Span span, int status, Throwable thrown, boolean error) {
        try {
            String name = GrpcStatus.name(status);
            span.setAttribute(STATUS, name);
            if (thrown != null) {
                SpanExceptions.record(span, thrown);
            }
            if (error) {
                span.setStatus(StatusCode.ERROR);
                span.setAttribute(ERROR_TYPE, name);
            }
        } finally {
            span.end();
        }
    }

    @Override
    public ServerSpan serverStart(String fullMethod, List<String> traceparent, List<String> tracestate) {
        SpanContext remote = TraceContextHeaders.extract(traceparent, tracestate);
        Context parent = remote.isValid() ? Context.root().with(Span.wrap(remote)) : Context.root();
        continuity.entry(TraceContinuity.Entry.RPC_SERVER, fullMethod, remote.isValid());
        Span span = tracer.spanBuilder(fullMethod)
                .setParent(parent)
                .setSpanKind(SpanKind.SERVER)
                .setAttribute(SYSTEM, MeteredRpcHandler.GRPC)
                .setAttribute(METHOD, fullMethod)
                .startSpan();
        return new TracedServer(span, parent, fullMethod);
    }

    @Override
    public ClientSpan clientStart(String fullMethod) {
        if (Thread.currentThread().getName().startsWith(OtelHttpHandler.WEFT_THREADS)) {
            return null; // Weft's own exports
        }
        Context parent = Context.current();
        SpanContext startedIn = StartedThreads.outgrown(parent);
        if (startedIn != null) {
            parent = StartedThreads.leave(mdc);
        }
        continuity.exit(TraceContinuity.Exit.RPC_CLIENT, fullMethod, Span.fromContext(parent).getSpanContext().isValid());
        var span = tracer.spanBuilder(fullMethod)
                .setParent(parent)
                .setSpanKind(SpanKind.CLIENT)
                .setAttribute(SYSTEM, MeteredRpcHandler.GRPC)
                .setAttribute(METHOD, fullMethod);
        if (startedIn != null) {
            span.addLink(startedIn);
        }
        return new TracedClient(span.startSpan(), fullMethod);
    }
}
