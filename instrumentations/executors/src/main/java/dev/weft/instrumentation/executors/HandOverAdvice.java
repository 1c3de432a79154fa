package dev.weft.instrumentation.executors;

import dev.weft.bootstrap.TaskContexts;
import net.bytebuddy.asm.Advice;

/** Remembers the caller's trace context beside the task handed to a pool; the task itself is not touched. */
public final class HandOverAdvice {

    private HandOverAdvice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class)
    static void enter(@Advice.Argument(0) Object task) {
        TaskContexts.handOver(task);
    }
}
