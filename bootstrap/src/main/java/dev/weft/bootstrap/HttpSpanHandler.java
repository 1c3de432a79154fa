package dev.weft.bootstrap;

import java.util.List;

/**
 * What HTTP instrumentations call through {@link HttpSpans}: implemented in the agent. Only JDK
 * base types cross this line, because the HTTP classes live in other class loaders.
 */
public interface HttpSpanHandler {

    /**
     * A request came in: opens a SERVER span, continuing the caller's trace when its
     * {@code traceparent} is valid, current on this thread until {@link #serverEnd}.
     *
     * @param route the route the request matched (a context path, a servlet mapping), never the raw URL
     */
    Object serverStart(String method, String path, String route, List<String> traceparent, List<String> tracestate);

    void serverEnd(Object span, int status, Throwable thrown);

    /** A request goes out: opens a CLIENT span, a child of the current one. */
    Object clientStart(String method, String url);

    /** The value of {@code traceparent} or {@code tracestate} to send with the request; {@code null} for none. */
    String clientHeader(Object span, String name);

    void clientEnd(Object span, int status, Throwable thrown);
}
