package dev.weft.instrumentation.okhttp;

import dev.weft.bootstrap.HttpSpans;
import net.bytebuddy.asm.Advice;
import okhttp3.Call;
import okhttp3.Request;

/**
 * {@code RealCall.enqueue(Callback)}: the span of an asynchronous call opens here, on the enqueuing
 * thread and so in its trace, and is kept under the call before the dispatcher can run it; the
 * thread that runs it takes the span ({@link ChainAdvice}).
 */
public final class EnqueueAdvice {

    private EnqueueAdvice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class)
    static Object enter(@Advice.This Call call) {
        if (call.isExecuted()) {
            return null; // it throws "Already Executed": nothing goes out
        }
        Request request = call.request();
        return HttpSpans.pendingStart(call, request.method(), request.url().toString(), null);
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(@Advice.This Call call, @Advice.Enter Object span, @Advice.Thrown Throwable thrown) {
        if (span != null && thrown != null) {
            Object[] kept = HttpSpans.pendingTake(call);
            if (kept != null) {
                HttpSpans.clientEnd(kept[0], 0, thrown);
            }
        }
    }
}
