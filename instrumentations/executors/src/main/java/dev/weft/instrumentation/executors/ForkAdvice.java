package dev.weft.instrumentation.executors;

import dev.weft.bootstrap.TaskContexts;
import net.bytebuddy.asm.Advice;

/** {@code ForkJoinTask.fork}: the task pushed to a queue keeps the forking thread's context beside it. */
public final class ForkAdvice {

    private ForkAdvice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class)
    static void enter(@Advice.This Object task) {
        TaskContexts.handOver(task);
    }
}
