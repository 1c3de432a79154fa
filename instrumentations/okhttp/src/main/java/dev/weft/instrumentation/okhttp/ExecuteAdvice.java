package dev.weft.instrumentation.okhttp;

import dev.weft.bootstrap.HttpSpans;
import net.bytebuddy.asm.Advice;
import okhttp3.Call;
import okhttp3.Request;
import okhttp3.Response;

/** {@code RealCall.execute()}: the span of a synchronous call; this thread is inside it until it returns. */
public final class ExecuteAdvice {

    private ExecuteAdvice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class)
    static Object enter(@Advice.This Call call) {
        if (call.isExecuted()) {
            return null; // it throws "Already Executed": nothing goes out
        }
        Request request = call.request();
        return HttpSpans.callStart(request.method(), request.url().toString());
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(@Advice.Enter Object span, @Advice.Return Response response, @Advice.Thrown Throwable thrown) {
        HttpSpans.callEnd(span, response == null ? 0 : response.code(), thrown);
    }
}
