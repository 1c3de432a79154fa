package dev.weft.bootstrap;

import java.util.List;

/**
 * What RPC instrumentations (gRPC) call through {@link RpcSpans}: implemented in the agent. Only
 * JDK base types cross this line. A span's status is the RPC's status code ({@code 0} is OK), and
 * it ends itself ({@link SpanHandler.Started#end}) whatever handler is installed by then.
 */
public interface RpcSpanHandler {

    /** A CLIENT span: gives the trace headers the call carries out. */
    interface ClientSpan extends SpanHandler.Started {
        /** The value of {@code traceparent} or {@code tracestate} for this span, or {@code null} for none. */
        String header(String name);

        /** The server the call went to, once the library knows it; {@code port} is {@code 0} when none. */
        void peer(String address, int port);
    }

    /**
     * A SERVER span. It is current on no thread of its own accord: the library runs a call's work
     * in tasks on its executor, and the span's context is made current around each ({@link #attach}).
     */
    interface ServerSpan extends SpanHandler.Started {
        /** Makes the span's context current on this thread; returns how to undo that, or {@code null}. */
        SpanHandler.Attached attach();
    }

    /**
     * A call arrived: opens a SERVER span named {@code fullMethod} ({@code package.Service/Method}),
     * continuing the caller's trace when its {@code traceparent} is valid.
     *
     * @return the span, or {@code null} when the call gets none
     */
    ServerSpan serverStart(String fullMethod, List<String> traceparent, List<String> tracestate);

    /** A call goes out: opens a CLIENT span, a child of the current context; or {@code null}. */
    ClientSpan clientStart(String fullMethod);
}
