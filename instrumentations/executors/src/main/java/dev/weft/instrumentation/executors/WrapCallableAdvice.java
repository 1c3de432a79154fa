package dev.weft.instrumentation.executors;

import dev.weft.bootstrap.Spans;
import net.bytebuddy.asm.Advice;

import java.util.concurrent.Callable;

/** Replaces the task argument with one that runs in the caller's trace context. */
public final class WrapCallableAdvice {

    private WrapCallableAdvice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class)
    static void enter(@Advice.Argument(value = 0, readOnly = false) Callable<?> task) {
        task = Spans.wrap(task);
    }
}
