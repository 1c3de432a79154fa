package dev.weft.instrumentation.httpurlconnection;

import dev.weft.bootstrap.UrlConnectionSpans;
import net.bytebuddy.asm.Advice;

import java.net.HttpURLConnection;

/**
 * {@code getInputStream}, which {@code getResponseCode} and {@code getHeaderField} call too: may be
 * the first call (it sends the request), and ends the span with the status it parsed.
 */
public final class ResponseAdvice {

    private ResponseAdvice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class)
    static Object enter(@Advice.This HttpURLConnection connection, @Advice.FieldValue("connected") boolean connected) {
        return UrlConnectionSpans.enter(connection, connected);
    }

    /** {@code responseCode} is set before an error status makes {@code getInputStream} throw. */
    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(@Advice.Enter Object request, @Advice.FieldValue("responseCode") int status,
                     @Advice.Thrown Throwable thrown) {
        UrlConnectionSpans.afterResponse(request, status, thrown);
    }
}
