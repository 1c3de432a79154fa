package dev.weft.instrumentation.apachehttpclient5;

import dev.weft.bootstrap.HttpSpans;
import net.bytebuddy.asm.Advice;
import org.apache.hc.core5.http.ClassicHttpRequest;

/**
 * {@code MainClientExec.execute(request, scope, chain)}: the request it sends (the client's copy of
 * the application's, or of a redirect) gets exactly one {@code traceparent}, of the call in
 * progress on this thread. Inlined: names only the library's, JDK and bootstrap classes.
 */
public final class ClassicHeadersAdvice {

    private ClassicHeadersAdvice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class)
    static void enter(@Advice.Argument(0) ClassicHttpRequest request) {
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
