package dev.weft.instrumentation.httpurlconnection;

import dev.weft.bootstrap.HttpSpans;
import net.bytebuddy.asm.Advice;

import java.net.HttpURLConnection;

/** Before the request goes out: open the span and set the trace headers, once per connection. */
public final class SendAdvice {

    private SendAdvice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class)
    static void enter(@Advice.This HttpURLConnection connection, @Advice.FieldValue("connected") boolean connected) {
        HttpSpans.beforeSend(connection, connected);
    }
}
