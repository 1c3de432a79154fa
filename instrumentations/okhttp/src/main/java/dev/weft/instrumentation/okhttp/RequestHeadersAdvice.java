package dev.weft.instrumentation.okhttp;

import dev.weft.bootstrap.HttpSpans;
import net.bytebuddy.asm.Advice;
import okhttp3.Request;

/**
 * {@code Exchange.writeRequestHeaders(Request)}: the request of one attempt, past every interceptor,
 * as it goes on the wire. It is written with exactly one {@code traceparent} (and {@code tracestate})
 * of the call's span; the request objects the application and its interceptors hold stay as they are.
 */
public final class RequestHeadersAdvice {

    private RequestHeadersAdvice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class)
    static void enter(@Advice.Argument(value = 0, readOnly = false) Request request) {
        Object span = HttpSpans.currentCall();
        String traceparent = HttpSpans.clientHeader(span, HttpSpans.TRACEPARENT);
        if (traceparent != null) {
            Request.Builder traced = request.newBuilder().header(HttpSpans.TRACEPARENT, traceparent);
            String tracestate = HttpSpans.clientHeader(span, HttpSpans.TRACESTATE);
            if (tracestate != null) {
                traced.header(HttpSpans.TRACESTATE, tracestate);
            } else {
                traced.removeHeader(HttpSpans.TRACESTATE);
            }
            request = traced.build();
        }
    }
}
