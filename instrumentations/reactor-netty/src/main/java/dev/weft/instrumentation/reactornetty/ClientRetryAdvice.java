package dev.weft.instrumentation.reactornetty;

import dev.weft.bootstrap.ExchangeSpans;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into {@code HttpClientHandler.test(Throwable)}, the filter of the call's retries: every
 * failure of an attempt passes here, and one it does not retry (a redirect, a reset connection it
 * may retry once) is the call's failure.
 */
public final class ClientRetryAdvice {

    private ClientRetryAdvice() {
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(@Advice.This Object call, @Advice.Argument(0) Throwable failure,
                     @Advice.Return boolean retried, @Advice.Thrown Throwable thrown) {
        if (!retried || thrown != null) {
            ExchangeSpans.clientEnd(call, 0, failure);
        }
    }
}
