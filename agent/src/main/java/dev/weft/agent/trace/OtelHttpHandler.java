package dev.weft.agent.trace;

import dev.weft.agent.config.TracingConfig;
import dev.weft.bootstrap.HttpSpanHandler;
import dev.weft.bootstrap.HttpSpans;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.trace.IdGenerator;

import java.util.List;
import java.util.Set;

/**
 * HTTP spans by the OpenTelemetry semantic conventions: SERVER spans named {@code METHOD route}
 * that continue the caller's W3C trace, CLIENT spans named {@code METHOD} whose context goes out
 * in {@code traceparent}. Both record their durations in {@link HttpMetrics} whether or not the
 * trace is sampled, and a request to a route of {@code tracing.exclude-routes} is left out of
 * traces (so is all it calls) but not out of the metrics.
 */
public final class OtelHttpHandler implements HttpSpanHandler {

    static final AttributeKey<String> METHOD = AttributeKey.stringKey("http.request.method");
    static final AttributeKey<String> ROUTE = AttributeKey.stringKey("http.route");
    static final AttributeKey<String> PATH = AttributeKey.stringKey("url.path");
    static final AttributeKey<String> URL = AttributeKey.stringKey("url.full");
    static final AttributeKey<String> SERVER_ADDRESS = AttributeKey.stringKey("server.address");
    static final AttributeKey<Long> SERVER_PORT = AttributeKey.longKey("server.port");
    static final AttributeKey<Long> STATUS = AttributeKey.longKey("http.response.status_code");
    static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");
    /** The server span a context is inside: a server nested in a server opens no second span. */
    private static final ContextKey<TracedServer> SERVER_SPAN = ContextKey.named("weft-server-span");
    private static final Set<String> KNOWN_METHODS = Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT",
            "OPTIONS", "TRACE", "PATCH");

    /** Every thread Weft starts is named so. */
    static final String WEFT_THREADS = "weft-";

    private final Tracer tracer;
    private final HttpMetrics metrics;
    private final MdcBridge mdc;
    private final TracingConfig tracing;
    private final TraceContinuity continuity;

    /**
     * A SERVER span: ends itself, gives back the context it found (first, as {@code OtelSpanHandler}'s
     * spans do) and records the request's duration, under the last route a framework named. While
     * suspended (an asynchronous request between dispatches) it is current nowhere.
     */
    private static final class TracedServer implements ServerSpan {
        private final Span span;
        /** What is current while the request is served: the span, marked as this server's. */
        private final Context context;
        private final long startNanos = System.nanoTime();
        private final String method;
        private final HttpMetrics metrics;
        private final MdcBridge mdc;
        /** Where the request is counted as it ends, under its last route; {@code null} for a route kept out of traces. */
        private final TraceContinuity continuity;
        private final boolean continued;
        private final String routeBase;
        private volatile String route;
        /** The scope that makes {@link #context} current, on {@link #owner}; {@code null} while suspended. */
        private Scope scope;
        private Context before;
        private Thread owner;

        TracedServer(Span span, Context parent, String method, String route, HttpMetrics metrics, MdcBridge mdc,
                     TraceContinuity continuity, boolean continued) {
            this.span = span;
            this.continuity = continuity;
            this.continued = continued;
            this.context = parent.with(span).with(SERVER_SPAN, this);
            this.routeBase = HttpSpans.routeBase(route);
            this.method = method;
            this.route = route;
            this.metrics = metrics;
            this.mdc = mdc;
        }

        /** Makes the span current on this thread; called once by the handler that starts it. */
        synchronized void enter() {
            before = Context.current();
            owner = Thread.currentThread();
            scope = context.makeCurrent();
            mdc.sync();
        }

        /** Gives this thread back what it had, if the span is current here. */
        private synchronized void leave() {
            if (scope != null && owner == Thread.currentThread()) {
                Scope current = scope;
                scope = null;
                Scopes.closeAndRestore(current, before);
                mdc.sync();
            }
        }

        @Override
        public void route(String template) {
            if (!template.equals(route)) {
                route = template;
                span.updateName(method + " " + template);
                span.setAttribute(ROUTE, template);
            }
        }

        @Override
        public void subRoute(String template) {
            route(routeBase + template);
        }

        @Override
        public void suspend() {
            leave();
        }

        @Override
        public synchronized void resume() {
            if (scope == null) {
                enter();
            }
        }

        @Override
        public void end(int status, Throwable thrown) {
            int recorded = status > 0 ? status : thrown != null ? 500 : 0;
            try {
                leave();
                metrics.server(method, route, recorded, System.nanoTime() - startNanos);
                if (continuity != null) {
                    continuity.entry(TraceContinuity.Entry.HTTP_SERVER, route, continued);
                }
            } finally {
                try {
                    if (recorded > 0) {
                        span.setAttribute(STATUS, (long) recorded);
                    }
                    if (thrown != null) {
                        SpanExceptions.record(span, thrown);
                    } else if (recorded >= 500) {
                        span.setStatus(StatusCode.ERROR);
                        span.setAttribute(ERROR_TYPE, Integer.toString(recorded));
                    }
                } finally {
                    span.end();
                }
            }
        }
    }

    /** A CLIENT span: gives the trace headers of its context, records the call's duration and ends itself. */
    private static final class ClientSpan implements HttpSpanHandler.ClientSpan {
        private final Span span;
        private final String method;
        private final HttpTarget target;
        private final HttpMetrics metrics;
        private final long startNanos = System.nanoTime();

        ClientSpan(Span span, String method, HttpTarget target, HttpMetrics metrics) {
            this.span = span;
            this.method = method;
            this.target = target;
            this.metrics = metrics;
        }

        @Override
        public String header(String name) {
            SpanContext context = span.getSpanContext();
            if (!context.isValid()) {
                return null;
            }
            return name.equals(HttpSpans.TRACEPARENT) ? TraceContextHeaders.traceparent(context)
                    : TraceContextHeaders.tracestate(context);
        }

        @Override
        public void end(int status, Throwable thrown) {
            try {
                metrics.client(method, target, status, thrown, System.nanoTime() - startNanos);
            } finally {
                if (status > 0) {
                    span.setAttribute(STATUS, (long) status);
                }
                if (thrown != null) {
                    SpanExceptions.record(span, thrown);
                    span.setAttribute(ERROR_TYPE, thrown.getClass().getName());
                } else if (status >= 400) {
                    span.setStatus(StatusCode.ERROR);
                    span.setAttribute(ERROR_TYPE, Integer.toString(status));
                }
                span.end();
            }
        }
    }

    public OtelHttpHandler(Tracer tracer, HttpMetrics metrics, MdcBridge mdc, TracingConfig tracing,
                           TraceContinuity continuity) {
        this.tracer = tracer;
        this.metrics = metrics;
        this.mdc = mdc;
        this.tracing = tracing;
        this.continuity = continuity;
    }

    @Override
    public ServerSpan serverStart(String method, String path, String route, List<String> traceparent,
                                  List<String> tracestate) {
        if (Context.current().get(SERVER_SPAN) != null
                || Thread.currentThread().getName().startsWith(WEFT_THREADS)) {
            return null; // one span per request; and Weft's own endpoint (scrapes, the status page) is not the service's
        }
        SpanContext remote = TraceContextHeaders.extract(traceparent, tracestate);
        Context parent = remote.isValid() ? Context.root().with(Span.wrap(remote)) : Context.root();
        boolean excluded = tracing.excluded(path, route);
        if (excluded) {
            parent = Context.root().with(Span.wrap(unsampled(remote)));
        }
        String knownMethod = knownMethod(method);
        Span span = tracer.spanBuilder(knownMethod + " " + route)
                .setParent(parent)
                .setSpanKind(SpanKind.SERVER)
                .setAttribute(METHOD, knownMethod)
                .setAttribute(ROUTE, route)
                .setAttribute(PATH, path)
                .startSpan();
        // a route kept out of traces (a health check) is kept out of the continuity report too
        TracedServer server = new TracedServer(span, parent, knownMethod, route, metrics, mdc,
                excluded ? null : continuity, remote.isValid());
        server.enter();
        return server;
    }

    /**
     * The parent of an excluded request: not sampled, so the parent-based sampler drops its span
     * and every span under it, and calls it makes tell their peers not to sample either.
     */
    private static SpanContext unsampled(SpanContext remote) {
        IdGenerator ids = IdGenerator.random();
        return SpanContext.createFromRemoteParent(remote.isValid() ? remote.getTraceId() : ids.generateTraceId(),
                remote.isValid() ? remote.getSpanId() : ids.generateSpanId(), TraceFlags.getDefault(),
                remote.getTraceState());
    }

    @Override
    public ServerSpan currentServer() {
        return Context.current().get(SERVER_SPAN);
    }

    @Override
    public HttpSpanHandler.ClientSpan clientStart(String method, String url) {
        if (Thread.currentThread().getName().startsWith(WEFT_THREADS)) {
            return null; // Weft's own exports: tracing them would trace the tracing, forever
        }
        String knownMethod = knownMethod(method);
        Context parent = Context.current();
        SpanContext startedIn = StartedThreads.outgrown(parent);
        if (startedIn != null) {
            parent = StartedThreads.leave(mdc);
        }
        HttpTarget target = HttpTarget.of(url);
        continuity.exit(TraceContinuity.Exit.HTTP_CLIENT, continuityTarget(target),
                Span.fromContext(parent).getSpanContext().isValid());
        var span = tracer.spanBuilder(knownMethod)
                .setParent(parent)
                .setSpanKind(SpanKind.CLIENT)
                .setAttribute(METHOD, knownMethod);
        if (startedIn != null) {
            span.addLink(startedIn);
        }
        if (target.url() != null) {
            span.setAttribute(URL, target.url());
            span.setAttribute(SERVER_ADDRESS, target.address());
            span.setAttribute(SERVER_PORT, (long) target.port());
        }
        return new ClientSpan(span.startSpan(), knownMethod, target, metrics);
    }

    /** {@code server.address:port}, as the client metric has them. */
    private static String continuityTarget(HttpTarget target) {
        if (target.address().isEmpty()) {
            return CallerFrames.UNKNOWN;
        }
        return target.port() > 0 ? target.address() + ":" + target.port() : target.address();
    }

    /** The method as the conventions want it: one of the known ones, else {@code _OTHER} (bounded cardinality). */
    static String knownMethod(String method) {
        return method != null && KNOWN_METHODS.contains(method) ? method : "_OTHER";
    }
}
