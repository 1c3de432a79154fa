package dev.weft.instrumentation.okhttp;

import dev.weft.bootstrap.HttpSpans;
import net.bytebuddy.asm.Advice;
import okhttp3.Response;

/**
 * {@code RealCall.getResponseWithInterceptorChain$okhttp()}: for an enqueued call, what the dispatcher
 * thread runs right before it calls {@code onResponse} or {@code onFailure}. That thread takes the
 * call's span and is inside the call until the span ends here, with the response's status or the
 * failure the callback gets. A synchronous call has no span kept for it: its thread is already
 * inside it ({@link ExecuteAdvice}), and this does nothing.
 */
public final class ChainAdvice {

    private ChainAdvice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class)
    static Object enter(@Advice.This Object call) {
        Object[] kept = HttpSpans.pendingResume(call);
        return kept == null ? null : kept[0];
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(@Advice.Enter Object span, @Advice.Return Response response, @Advice.Thrown Throwable thrown) {
        if (span != null) {
            HttpSpans.callEnd(span, response == null ? 0 : response.code(), thrown);
        }
    }
}
