package dev.weft.instrumentation.reactornetty;

import dev.weft.bootstrap.ExchangeSpans;
import dev.weft.bootstrap.HttpSpans;
import io.netty.handler.codec.http.HttpHeaders;
import net.bytebuddy.asm.Advice;
import reactor.netty.http.client.HttpClientRequest;

/**
 * Inlined into {@code HttpClientOperations.beforeMarkSentHeaders()}, which runs once per request
 * just before its headers are written, after everything the application may set (its headers,
 * {@code doOnRequest}, its send function, redirect callbacks): exactly one {@code traceparent},
 * the call's, replaces any the application set, and its {@code tracestate} goes with it.
 */
public final class ClientHeadersAdvice {

    private ClientHeadersAdvice() {
    }

    @Advice.OnMethodExit(suppress = Throwable.class)
    static void exit(@Advice.This Object attempt) {
        String traceparent = ExchangeSpans.clientHeader(attempt, HttpSpans.TRACEPARENT);
        if (traceparent != null && attempt instanceof HttpClientRequest) {
            HttpHeaders headers = ((HttpClientRequest) attempt).requestHeaders();
            headers.remove(HttpSpans.TRACEPARENT);
            headers.remove(HttpSpans.TRACESTATE);
            headers.set(HttpSpans.TRACEPARENT, traceparent);
            String tracestate = ExchangeSpans.clientHeader(attempt, HttpSpans.TRACESTATE);
            if (tracestate != null) {
                headers.set(HttpSpans.TRACESTATE, tracestate);
            }
        }
    }
}
