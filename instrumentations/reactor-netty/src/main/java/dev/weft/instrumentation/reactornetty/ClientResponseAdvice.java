package dev.weft.instrumentation.reactornetty;

import dev.weft.bootstrap.ExchangeSpans;
import net.bytebuddy.asm.Advice;
import reactor.netty.http.client.HttpClientResponse;
import reactor.netty.http.client.HttpClientState;

/**
 * Inlined into {@code HttpClientConnect.HttpObserver.onStateChange}: {@code RESPONSE_RECEIVED}
 * is the final response of the call (redirects and authentication retries do not send it).
 */
public final class ClientResponseAdvice {

    private ClientResponseAdvice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class)
    static void enter(@Advice.FieldValue("handler") Object call, @Advice.Argument(0) Object connection,
                      @Advice.Argument(1) Object state) {
        if (state == HttpClientState.RESPONSE_RECEIVED && connection instanceof HttpClientResponse) {
            ExchangeSpans.clientEnd(call, ((HttpClientResponse) connection).status().code(), null);
        }
    }
}
