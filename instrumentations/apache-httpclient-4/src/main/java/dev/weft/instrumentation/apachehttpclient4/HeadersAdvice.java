package dev.weft.instrumentation.apachehttpclient4;

import dev.weft.bootstrap.HttpSpans;
import net.bytebuddy.asm.Advice;
import org.apache.http.HttpRequest;

/**
 * {@code execute(route, request, context, execAware)} of {@code MainClientExec} and
 * {@code MinimalClientExec}: the request wrapper they send (of the application's request or of a
 * redirect, with headers of its own) gets exactly one {@code traceparent}, of the call in progress
 * on this thread. Inlined: names only the library's, JDK and bootstrap classes.
 */
public final class HeadersAdvice {

    private HeadersAdvice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class)
    static void enter(@Advice.Argument(1) HttpRequest request) {
        Object call = HttpSpans.currentCall();
        String traceparent = HttpSpans.clientHeader(call, HttpSpans.TRACEPARENT);
        if (traceparent != null) {
            request.removeHeaders(HttpSpans.TRACEPARENT);
            request.removeHeaders(HttpSpans.TRACESTATE);
            request.addHeader(HttpSpans.TRACEPARENT, traceparent);
            String tracestate = HttpSpans.clientHeader(call, HttpSpans.TRACESTATE);
            if (tracestate != null) {
                request.addHeader(HttpSpans.TRACESTATE, tracestate);
            }
        }
    }
}
