package dev.weft.instrumentation.apachehttpclient4;

import dev.weft.bootstrap.HttpSpans;
import net.bytebuddy.asm.Advice;
import org.apache.http.HttpHost;
import org.apache.http.HttpRequest;
import org.apache.http.HttpResponse;
import org.apache.http.RequestLine;
import org.apache.http.StatusLine;

/**
 * {@code doExecute(target, request, context)} of {@code InternalHttpClient} and
 * {@code MinimalHttpClient}: one synchronous call, redirects and retries inside. Inlined into
 * classes of Java 6 (no string concatenation, no lambdas): names only the library's, JDK and
 * bootstrap classes.
 */
public final class CallAdvice {

    private CallAdvice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class)
    static Object enter(@Advice.Argument(0) HttpHost target, @Advice.Argument(1) HttpRequest request) {
        RequestLine line = request.getRequestLine();
        String uri = line.getUri();
        String url = uri;
        if (target != null && !uri.regionMatches(true, 0, "http://", 0, 7) && !uri.regionMatches(true, 0, "https://", 0, 8)) {
            url = target.toURI().concat(uri.startsWith("/") ? uri : "/".concat(uri));
        }
        return HttpSpans.callStart(line.getMethod(), url);
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(@Advice.Enter Object span, @Advice.Return HttpResponse response, @Advice.Thrown Throwable thrown) {
        int status = 0;
        if (response != null) {
            StatusLine line = response.getStatusLine();
            status = line == null ? 0 : line.getStatusCode();
        }
        HttpSpans.callEnd(span, status, thrown);
    }
}
