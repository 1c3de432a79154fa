package dev.weft.instrumentation.reactornetty;

import dev.weft.bootstrap.ExchangeSpans;
import net.bytebuddy.asm.Advice;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Mono;

import java.util.function.Consumer;

/**
 * Inlined into {@code HttpClientConnect.MonoHttpConnect.subscribe}: the subscriber subscribes
 * through a {@code doFinally} whose callback is the bootstrap's {@link ExchangeSpans.Subscription},
 * so a call cancelled before its response still ends its span. The inner subscription (this same
 * method, called by {@code doFinally}) runs the method's own body.
 */
public final class ClientSubscribeAdvice {

    private ClientSubscribeAdvice() {
    }

    @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class, suppress = Throwable.class)
    @SuppressWarnings({"unchecked", "rawtypes"})
    static boolean enter(@Advice.This Mono self, @Advice.Argument(0) CoreSubscriber actual) {
        Consumer<Object> subscription = ExchangeSpans.subscribing(self);
        if (subscription == null) {
            return false;
        }
        Mono traced;
        try {
            traced = self.doFinally(subscription);
        } catch (Throwable assembly) {
            ExchangeSpans.subscribed(subscription);
            return false; // nothing subscribed yet: the method's own body does
        }
        try {
            traced.subscribe(actual);
        } catch (Throwable subscribed) {
            // subscribed (or failed) through doFinally: never a second time
        } finally {
            ExchangeSpans.subscribed(subscription);
        }
        return true;
    }
}
