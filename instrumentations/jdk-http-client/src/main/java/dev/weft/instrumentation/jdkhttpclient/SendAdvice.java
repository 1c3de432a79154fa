package dev.weft.instrumentation.jdkhttpclient;

import dev.weft.bootstrap.HttpSpans;
import net.bytebuddy.asm.Advice;

import java.net.http.HttpRequest;
import java.util.concurrent.CompletableFuture;

/** Inlined into the client: names only JDK and bootstrap classes. */
public final class SendAdvice {

    private SendAdvice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class)
    static Object enter(@Advice.Argument(value = 0, readOnly = false) HttpRequest request) {
        Object span = HttpSpans.clientStart(request.method(), request.uri().toString());
        String traceparent = HttpSpans.clientHeader(span, HttpSpans.TRACEPARENT);
        if (traceparent != null) {
            HttpRequest.Builder traced = HttpRequest.newBuilder(request, HttpSpans.NOT_TRACE_HEADERS)
                    .header(HttpSpans.TRACEPARENT, traceparent);
            String tracestate = HttpSpans.clientHeader(span, HttpSpans.TRACESTATE);
            if (tracestate != null) {
                traced.header(HttpSpans.TRACESTATE, tracestate);
            }
            request = traced.build();
        }
        return span;
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(@Advice.Enter Object span, @Advice.Thrown Throwable thrown,
                     @Advice.Return(readOnly = false) CompletableFuture<Object> response) {
        if (span == null) {
            return;
        }
        if (thrown != null || response == null) {
            HttpSpans.clientEnd(span, 0, thrown);
        } else {
            response = response.whenComplete(HttpSpans.ender(span));
        }
    }
}
