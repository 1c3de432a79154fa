package dev.weft.instrumentation.reactornetty;

import dev.weft.bootstrap.ExchangeSpans;
import dev.weft.bootstrap.HttpSpans;
import net.bytebuddy.asm.Advice;
import reactor.netty.http.server.HttpRouteHandlerMetadata;

/**
 * Inlined into {@code DefaultHttpServerRoutes.HttpRouteHandler.apply}, the route
 * {@code HttpServer.route(...)} matched: its path template ({@code /items/{id}}) names the SERVER
 * span's route. A route matched by a predicate alone has none, and the span keeps {@code /}.
 */
public final class ServerRouteAdvice {

    private ServerRouteAdvice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class)
    static void enter(@Advice.This Object route, @Advice.Argument(1) Object exchange) {
        if (route instanceof HttpRouteHandlerMetadata) {
            HttpSpans.serverRoute(ExchangeSpans.serverSpan(exchange), ((HttpRouteHandlerMetadata) route).getPath());
        }
    }
}
