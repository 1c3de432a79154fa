package dev.weft.instrumentation.reactornetty;

import dev.weft.bootstrap.ExchangeSpans;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into {@code HttpClientHandler.requestWithBody(HttpClientOperations)}, called for each
 * attempt of the call (the first request, each redirect, a retry): the attempt's operations join
 * the call's exchange, for its trace headers and the context of its response.
 */
public final class ClientAttemptAdvice {

    private ClientAttemptAdvice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class)
    static void enter(@Advice.This Object call, @Advice.Argument(0) Object attempt) {
        ExchangeSpans.link(call, attempt);
    }
}
