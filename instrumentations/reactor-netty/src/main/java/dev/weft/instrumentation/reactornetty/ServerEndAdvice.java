package dev.weft.instrumentation.reactornetty;

import dev.weft.bootstrap.ExchangeSpans;
import net.bytebuddy.asm.Advice;
import reactor.netty.ConnectionObserver;
import reactor.netty.http.server.HttpServerResponse;

/**
 * Inlined into {@code HttpServer.HttpServerHandle.onStateChange}, an observer of every request's
 * operations: {@code DISCONNECTING} is the exchange's termination, after the last packet of the
 * response was written, or when the connection dropped (no status then, if none was sent).
 */
public final class ServerEndAdvice {

    private ServerEndAdvice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class)
    static void enter(@Advice.Argument(0) Object exchange, @Advice.Argument(1) Object state) {
        if (state == ConnectionObserver.State.DISCONNECTING) {
            int status = 0;
            if (exchange instanceof HttpServerResponse && ((HttpServerResponse) exchange).hasSentHeaders()) {
                status = ((HttpServerResponse) exchange).status().code();
            }
            ExchangeSpans.serverEnd(exchange, status);
        }
    }
}
