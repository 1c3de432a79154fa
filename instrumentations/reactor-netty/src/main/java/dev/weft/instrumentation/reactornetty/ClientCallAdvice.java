package dev.weft.instrumentation.reactornetty;

import dev.weft.bootstrap.ExchangeSpans;
import io.netty.handler.codec.http.HttpMethod;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into {@code HttpClientConnect.HttpClientHandler}'s constructor, which runs once per
 * subscription, on the subscribing thread: the call's CLIENT span opens there, a child of the
 * caller's context. The handler's {@code toURI} prints as the full URL.
 */
public final class ClientCallAdvice {

    private ClientCallAdvice() {
    }

    @Advice.OnMethodExit(suppress = Throwable.class)
    static void exit(@Advice.This Object call, @Advice.FieldValue("method") HttpMethod method,
                     @Advice.FieldValue("toURI") Object uri) {
        ExchangeSpans.clientStart(call, method.name(), String.valueOf(uri));
    }
}
