package dev.weft.instrumentation.executors;

import dev.weft.bootstrap.Spans;
import net.bytebuddy.asm.Advice;

/** Replaces the task argument with one that runs in the caller's trace context. */
public final class WrapRunnableAdvice {

    private WrapRunnableAdvice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class)
    static void enter(@Advice.Argument(value = 0, readOnly = false) Runnable task) {
        task = Spans.wrap(task);
    }
}
