package dev.weft.instrumentation.httpurlconnection;

import dev.weft.bootstrap.UrlConnectionSpans;
import net.bytebuddy.asm.Advice;

import java.net.HttpURLConnection;

/**
 * {@code connect} and {@code getOutputStream}: the first call on a connection opens its span and
 * sets the trace headers before anything is sent; the span ends here only if the call fails.
 */
public final class SendAdvice {

    private SendAdvice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class)
    static Object enter(@Advice.This HttpURLConnection connection, @Advice.FieldValue("connected") boolean connected) {
        return UrlConnectionSpans.enter(connection, connected);
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(@Advice.Enter Object request, @Advice.Thrown Throwable thrown) {
        UrlConnectionSpans.afterSend(request, thrown);
    }
}
