package dev.weft.instrumentation.reactornetty;

import dev.weft.bootstrap.ExchangeSpans;
import net.bytebuddy.asm.Advice;

/** Inlined into {@code HttpServerOperations.onOutboundError}: the handler's publisher failed with it. */
public final class ServerErrorAdvice {

    private ServerErrorAdvice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class)
    static void enter(@Advice.This Object exchange, @Advice.Argument(0) Throwable failure) {
        ExchangeSpans.failed(exchange, failure);
    }
}
