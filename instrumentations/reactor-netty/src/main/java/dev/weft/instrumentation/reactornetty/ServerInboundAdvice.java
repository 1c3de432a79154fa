package dev.weft.instrumentation.reactornetty;

import dev.weft.bootstrap.ExchangeSpans;
import dev.weft.bootstrap.HttpSpans;
import dev.weft.bootstrap.Spans;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import net.bytebuddy.asm.Advice;
import reactor.netty.http.server.HttpServerRequest;

/**
 * Inlined into {@code HttpServerOperations.onInboundNext}, through which every inbound message of
 * one request passes. The first (the request head) opens the SERVER span; the handler is called
 * and the body delivered inside this method, so the span's context is current around each call of
 * it, and not in between (the event loop serves other connections then).
 */
public final class ServerInboundAdvice {

    private ServerInboundAdvice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class)
    static Object enter(@Advice.This Object exchange, @Advice.Argument(1) Object message) {
        Object attached = ExchangeSpans.attach(exchange);
        if (attached == null && message instanceof HttpRequest && exchange instanceof HttpServerRequest) {
            HttpServerRequest request = (HttpServerRequest) exchange;
            String path;
            try {
                path = request.fullPath();
            } catch (RuntimeException undecodable) {
                path = request.uri();
            }
            HttpHeaders headers = request.requestHeaders();
            // Reactor Netty has no route of its own: "/" until a framework names one.
            attached = ExchangeSpans.serverStart(exchange, request.method().name(), path, "/",
                    headers.getAll(HttpSpans.TRACEPARENT), headers.getAll(HttpSpans.TRACESTATE));
        }
        return attached;
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(@Advice.Enter Object attached) {
        Spans.detach(attached);
    }
}
