package dev.weft.instrumentation.apachehttpclient5;

import dev.weft.bootstrap.HttpSpans;
import net.bytebuddy.asm.Advice;
import org.apache.hc.client5.http.async.AsyncExecChain;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.core5.http.HttpRequest;

import java.net.URISyntaxException;

/**
 * {@code InternalAbstractHttpAsyncClient.executeImmediate(request, entityProducer, scope, chain,
 * callback)}: called once per call, on the caller's thread, before the exec chain runs. Opens the
 * span, kept under the future the call completes ({@code scope.cancellableDependency}) with the
 * call's context and the response that context held before (one of an earlier call, when the
 * application reuses its context). Inlined: names only the library's, JDK and bootstrap classes.
 */
public final class AsyncStartAdvice {

    private AsyncStartAdvice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class)
    static Object enter(@Advice.Argument(0) HttpRequest request, @Advice.Argument(2) AsyncExecChain.Scope scope) {
        String url;
        try {
            url = request.getUri().toString();
        } catch (URISyntaxException e) {
            url = request.getRequestUri();
        }
        Object future = scope.cancellableDependency;
        HttpClientContext context = scope.clientContext;
        Object span = HttpSpans.pendingStart(future, request.getMethod(), url,
                new Object[] {context, context == null ? null : context.getResponse()});
        return span == null ? null : future;
    }

    /** The chain threw before the future could be completed: the span ends here, once. */
    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(@Advice.Enter Object future, @Advice.Thrown Throwable thrown) {
        if (future != null && thrown != null) {
            Object[] call = HttpSpans.pendingTake(future);
            if (call != null) {
                HttpSpans.clientEnd(call[0], 0, thrown);
            }
        }
    }
}
