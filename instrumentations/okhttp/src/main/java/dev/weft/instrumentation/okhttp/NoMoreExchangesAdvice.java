package dev.weft.instrumentation.okhttp;

import dev.weft.bootstrap.HttpSpans;
import net.bytebuddy.asm.Advice;

import java.io.IOException;

/**
 * {@code RealCall.noMoreExchanges$okhttp(IOException)}: an enqueued call whose executor rejects it
 * fails through here just before its {@code onFailure}, without ever running; its span, which no
 * thread took, ends with that failure. A call that ran has no span kept under it any more, and
 * this does nothing.
 */
public final class NoMoreExchangesAdvice {

    private NoMoreExchangesAdvice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class)
    static void enter(@Advice.This Object call, @Advice.Argument(0) IOException failure) {
        if (failure != null) {
            Object[] kept = HttpSpans.pendingTake(call);
            if (kept != null) {
                HttpSpans.clientEnd(kept[0], 0, failure);
            }
        }
    }
}
