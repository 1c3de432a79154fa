package dev.weft.agent.trace;

import dev.weft.bootstrap.HttpSpanHandler;

import java.util.List;

/**
 * The HTTP handler while nothing is traced: no spans, no headers, only the durations in
 * {@link HttpMetrics}, so a metrics-only config still has its HTTP metrics. One request is one
 * observation, as with tracing on: a server inside a server on the same thread records nothing.
 */
public final class MeteredHttpHandler implements HttpSpanHandler {

    private final HttpMetrics metrics;
    /** The server request this thread is serving, if any. */
    private final ThreadLocal<ServerCall> serving = new ThreadLocal<>();

    public MeteredHttpHandler(HttpMetrics metrics) {
        this.metrics = metrics;
    }

    private final class ServerCall implements ServerSpan {
        private final long startNanos = System.nanoTime();
        private final String method;
        private final String routeBase;
        private volatile String route;
        /** Set once ended: a request ended on another thread (an asynchronous response) frees its thread too. */
        private volatile boolean ended;

        ServerCall(String method, String route) {
            this.method = method;
            this.route = route;
            this.routeBase = dev.weft.bootstrap.HttpSpans.routeBase(route);
        }

        @Override
        public void route(String template) {
            route = template;
        }

        @Override
        public void subRoute(String template) {
            route = routeBase + template;
        }

        @Override
        public void suspend() {
            if (serving.get() == this) {
                serving.remove();
            }
        }

        @Override
        public void resume() {
            serving.set(this);
        }

        @Override
        public void end(int status, Throwable thrown) {
            ended = true;
            suspend();
            metrics.server(method, route, status > 0 ? status : thrown != null ? 500 : 0, System.nanoTime() - startNanos);
        }
    }

    private final class ClientCall implements ClientSpan {
        private final long startNanos = System.nanoTime();
        private final String method;
        private final HttpTarget target;

        ClientCall(String method, HttpTarget target) {
            this.method = method;
            this.target = target;
        }

        @Override
        public String header(String name) {
            return null; // no trace to carry: the request goes out as the application built it
        }

        @Override
        public void end(int status, Throwable thrown) {
            metrics.client(method, target, status, thrown, System.nanoTime() - startNanos);
        }
    }

    @Override
    public ServerSpan serverStart(String method, String path, String route, List<String> traceparent,
                                  List<String> tracestate) {
        ServerCall current = serving.get();
        if (current != null && !current.ended || Thread.currentThread().getName().startsWith(OtelHttpHandler.WEFT_THREADS)) {
            return null;
        }
        ServerCall call = new ServerCall(OtelHttpHandler.knownMethod(method), route);
        serving.set(call);
        return call;
    }

    @Override
    public ServerSpan currentServer() {
        ServerCall current = serving.get();
        return current == null || current.ended ? null : current;
    }

    @Override
    public ClientSpan clientStart(String method, String url) {
        if (Thread.currentThread().getName().startsWith(OtelHttpHandler.WEFT_THREADS)) {
            return null;
        }
        return new ClientCall(OtelHttpHandler.knownMethod(method), HttpTarget.of(url));
    }
}
