package dev.weft.instrumentation.executors;

import dev.weft.bootstrap.TaskContexts;
import net.bytebuddy.asm.Advice;

/** {@code ThreadPoolExecutor.afterExecute}: the worker goes back to the context it had before the task. */
public final class AfterRunAdvice {

    private AfterRunAdvice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class)
    static void enter() {
        TaskContexts.afterRun();
    }
}
