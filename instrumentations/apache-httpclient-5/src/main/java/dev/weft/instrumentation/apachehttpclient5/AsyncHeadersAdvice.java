package dev.weft.instrumentation.apachehttpclient5;

import dev.weft.bootstrap.HttpSpans;
import net.bytebuddy.asm.Advice;
import org.apache.hc.client5.http.async.AsyncExecChain;
import org.apache.hc.core5.http.HttpRequest;

/**
 * {@code HttpAsyncMainClientExec.execute} and {@code H2AsyncMainClientExec.execute}: the request
 * sent (the client's copy, or that of a redirect or a retry) gets exactly one {@code traceparent},
 * of the span kept for the scope's future. Inlined: names only the library's, JDK and bootstrap
 * classes.
 */
public final class AsyncHeadersAdvice {

    private AsyncHeadersAdvice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class)
    static void enter(@Advice.Argument(0) HttpRequest request, @Advice.Argument(2) AsyncExecChain.Scope scope) {
        Object span = HttpSpans.pendingSpan(scope.cancellableDependency);
        String traceparent = HttpSpans.clientHeader(span, HttpSpans.TRACEPARENT);
        if (traceparent != null) {
            request.removeHeaders(HttpSpans.TRACEPARENT);
            request.removeHeaders(HttpSpans.TRACESTATE);
            request.addHeader(HttpSpans.TRACEPARENT, traceparent);
            String tracestate = HttpSpans.clientHeader(span, HttpSpans.TRACESTATE);
            if (tracestate != null) {
                request.addHeader(HttpSpans.TRACESTATE, tracestate);
            }
        }
    }
}
