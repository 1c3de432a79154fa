package dev.weft.instrumentation.executors;

import dev.weft.bootstrap.Spans;
import dev.weft.bootstrap.TaskContexts;
import net.bytebuddy.asm.Advice;

/**
 * {@code ForkJoinTask.doExec}: the task runs in the context it was forked or submitted in. Runs
 * nest (a task joining another may run it on the same thread), so each run undoes only its own.
 */
public final class TaskRunAdvice {

    private TaskRunAdvice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class)
    static Object enter(@Advice.This Object task) {
        return TaskContexts.running(task);
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(@Advice.Enter Object attached) {
        Spans.detach(attached);
    }
}
