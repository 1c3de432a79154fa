package dev.weft.instrumentation.apachehttpclient5;

import dev.weft.bootstrap.HttpSpans;
import net.bytebuddy.asm.Advice;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.HttpHost;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * {@code InternalHttpClient.doExecute(target, request, context)}: one synchronous call, redirects
 * and retries inside. Inlined: names only the library's, JDK and bootstrap classes.
 */
public final class ClassicCallAdvice {

    private ClassicCallAdvice() {
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
        return HttpSpans.callStart(request.getMethod(), url);
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(@Advice.Enter Object span, @Advice.Return ClassicHttpResponse response,
                     @Advice.Thrown Throwable thrown) {
        HttpSpans.callEnd(span, response == null ? 0 : response.getCode(), thrown);
    }
}
