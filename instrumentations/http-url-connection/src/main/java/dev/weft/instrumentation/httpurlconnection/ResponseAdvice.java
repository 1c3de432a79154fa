package dev.weft.instrumentation.httpurlconnection;

import dev.weft.bootstrap.HttpSpans;
import net.bytebuddy.asm.Advice;

import java.net.HttpURLConnection;

/** Reading the response: may be the first call (it sends the request), and ends the span. */
public final class ResponseAdvice {

    private ResponseAdvice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class)
    static void enter(@Advice.This HttpURLConnection connection, @Advice.FieldValue("connected") boolean connected) {
        HttpSpans.beforeSend(connection, connected);
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(@Advice.This HttpURLConnection connection, @Advice.FieldValue("responseCode") int status,
                     @Advice.Thrown Throwable thrown) {
        HttpSpans.connectionEnd(connection, status, status > 0 ? null : thrown);
    }
}
