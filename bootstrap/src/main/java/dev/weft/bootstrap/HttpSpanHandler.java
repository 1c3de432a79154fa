package dev.weft.bootstrap;

import java.util.List;

/**
 * What HTTP instrumentations call through {@link HttpSpans}: implemented in the agent. Only JDK
 * base types cross this line, because the HTTP classes live in other class loaders.
 */
public interface HttpSpanHandler {

    /** A CLIENT span: it ends itself, and gives the trace headers the request carries out. */
    interface ClientSpan extends SpanHandler.Started {
        /** The value of {@code traceparent} or {@code tracestate} for this span, or {@code null} for none. */
        String header(String name);
    }

    /**
     * A SERVER span: current on the thread that started it until it ends or is suspended.
     */
    interface ServerSpan extends SpanHandler.Started {
        /**
         * The route template a framework matched ({@code /owners/{ownerId}}) after the span began:
         * Spring MVC, WebFlux and JAX-RS match inside the container's call. The last one named wins.
         */
        void route(String route);

        /**
         * As {@link #route}, for a template relative to where the server handed the request to the
         * framework (a JAX-RS application behind a servlet mapped at {@code /api/*}): the
         * context path and mapping the span began with are put before it.
         */
        void subRoute(String template);

        /**
         * The request goes on asynchronously (a servlet's {@code startAsync}): this thread gets back
         * the context it had, and the span stays open until {@link #end}, on whatever thread.
         */
        void suspend();

        /** Makes a suspended span current again on this thread (an asynchronous request dispatched back), until it ends or is suspended. */
        void resume();
    }

    /**
     * A request came in: opens a SERVER span, continuing the caller's trace when its
     * {@code traceparent} is valid, current on this thread until it is ended.
     *
     * @param route the route the request matched (a context path, a servlet mapping), never the raw URL
     * @return the span, or {@code null} when this request gets none (a server inside a server)
     */
    ServerSpan serverStart(String method, String path, String route, List<String> traceparent,
                                    List<String> tracestate);


    /** The SERVER span current on this thread, or {@code null}. */
    ServerSpan currentServer();

    /**
     * A request goes out: opens a CLIENT span, a child of the current one. With tracing off the
     * span only times the call for {@code http_client_request_duration_seconds} and gives no headers.
     */
    ClientSpan clientStart(String method, String url);
}
