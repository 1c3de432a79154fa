package dev.weft.instrumentation.apachehttpclient5;

import dev.weft.bootstrap.HttpSpans;
import net.bytebuddy.asm.Advice;
import org.apache.hc.core5.http.HttpResponse;
import org.apache.hc.core5.http.protocol.HttpCoreContext;

import java.util.concurrent.CancellationException;
import java.util.concurrent.Future;

/**
 * {@code ComplexFuture.completed(result)}, {@code failed(exception)} and {@code cancel(boolean)}:
 * the first of them on a future an async call is kept under ends its span, before the
 * application's callback runs or its {@code get()} returns. The status is that of the last response
 * the call's context got (none when it still holds the one it had before the call). Names only
 * httpcore5's, JDK and bootstrap classes: this class is httpcore5's.
 */
public final class AsyncEndAdvice {

    private AsyncEndAdvice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class)
    static void enter(@Advice.This Future<?> future, @Advice.Origin("#m") String method,
                      @Advice.AllArguments Object[] arguments) {
        if (future.isDone()) {
            return;
        }
        Object[] call = HttpSpans.pendingTake(future);
        if (call == null) {
            return;
        }
        Throwable thrown = null;
        if (method.equals("failed")) {
            thrown = (Throwable) arguments[0];
        } else if (method.equals("cancel")) {
            thrown = new CancellationException("cancelled");
        }
        int status = 0;
        Object[] state = (Object[]) call[1];
        if (state != null && state[0] instanceof HttpCoreContext) {
            HttpResponse response = ((HttpCoreContext) state[0]).getResponse();
            if (response != null && response != state[1]) {
                status = response.getCode();
            }
        }
        HttpSpans.clientEnd(call[0], status, thrown);
    }
}
