package dev.weft.instrumentation.executors;

import dev.weft.bootstrap.TaskContexts;
import net.bytebuddy.asm.Advice;

/** {@code ThreadPoolExecutor.beforeExecute}: the task about to run gets the context it was handed over in. */
public final class BeforeRunAdvice {

    private BeforeRunAdvice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class)
    static void enter(@Advice.Argument(1) Runnable task) {
        TaskContexts.beforeRun(task);
    }
}
