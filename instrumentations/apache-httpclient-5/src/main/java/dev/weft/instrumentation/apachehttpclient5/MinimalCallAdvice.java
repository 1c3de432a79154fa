package dev.weft.instrumentation.apachehttpclient5;

import dev.weft.bootstrap.HttpSpans;
import net.bytebuddy.asm.Advice;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.HttpHost;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * {@code MinimalHttpClient.doExecute(target, request, context)}: one synchronous call, and the
 * request given is the one sent (this client copies nothing), so the trace headers go on it.
 * Inlined: names only the library's, JDK and bootstrap classes.
 */
public final class MinimalCallAdvice {

    private MinimalCallAdvice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class)
    static Object enter(@Advice.Argument(0) HttpHost target, @Advice.Argument(1) ClassicHttpRequest request) {
        String url;
        try {
            URI uri = request.getUri();
            url = uri.isAbsolute() || target == null ? uri.toString() : target.toURI().concat(uri.toString());
        } catch (URISyntaxException e) {
            url = request.getRequestUri();
        }
        Object span = HttpSpans.callStart(request.getMethod(), url);
        Object call = span != null ? span : HttpSpans.currentCall();
        String traceparent = HttpSpans.clientHeader(call, HttpSpans.TRACEPARENT);
        if (traceparent != null) {
            request.removeHeaders(HttpSpans.TRACEPARENT);
            request.removeHeaders(HttpSpans.TRACESTATE);
            request.addHeader(HttpSpans.TRACEPARENT, traceparent);
            String tracestate = HttpSpans.clientHeader(call, HttpSpans.TRACESTATE);
            if (tracestate != null) {
                request.addHeader(HttpSpans.TRACESTATE, tracestate);
            }
        }
        return span;
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(@Advice.Enter Object span, @Advice.Return ClassicHttpResponse response,
                     @Advice.Thrown Throwable thrown) {
        HttpSpans.callEnd(span, response == null ? 0 : response.getCode(), thrown);
    }
}
