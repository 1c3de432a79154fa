package dev.weft.instrumentation.jdkhttpserver;

import com.sun.net.httpserver.HttpExchange;
import dev.weft.bootstrap.HttpSpans;
import net.bytebuddy.asm.Advice;

/** Inlined into the server: names only JDK and bootstrap classes. */
public final class ExchangeAdvice {

    private ExchangeAdvice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class)
    static Object enter(@Advice.Argument(0) HttpExchange exchange) {
        return HttpSpans.serverStart(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                exchange.getHttpContext().getPath(),
                exchange.getRequestHeaders().get(HttpSpans.TRACEPARENT),
                exchange.getRequestHeaders().get(HttpSpans.TRACESTATE));
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(@Advice.Enter Object span, @Advice.Argument(0) HttpExchange exchange,
                     @Advice.Thrown Throwable thrown) {
        HttpSpans.serverEnd(span, exchange.getResponseCode(), thrown);
    }
}
