package dev.weft.instrumentation.reactornetty;

import dev.weft.bootstrap.ExchangeSpans;
import dev.weft.bootstrap.Spans;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into {@code HttpClientOperations.onInboundNext}: the response (its head, which completes
 * the call's publisher, and its body) reaches the application in the caller's context.
 */
public final class ClientInboundAdvice {

    private ClientInboundAdvice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class)
    static Object enter(@Advice.This Object attempt) {
        return ExchangeSpans.attach(attempt);
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(@Advice.Enter Object attached) {
        Spans.detach(attached);
    }
}
