package dev.weft.instrumentation.executors;

import dev.weft.bootstrap.TaskContexts;
import net.bytebuddy.asm.Advice;

import java.util.concurrent.RunnableScheduledFuture;

/**
 * Remembers the caller's trace context beside a one-shot scheduled task. A periodic task runs
 * clean: its later runs are no part of the request that happened to schedule it.
 */
public final class ScheduledHandOverAdvice {

    private ScheduledHandOverAdvice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class)
    static void enter(@Advice.Argument(0) RunnableScheduledFuture<?> task) {
        if (!task.isPeriodic()) {
            TaskContexts.handOver(task);
        }
    }
}
