package dev.weft.instrumentation.executors;

import dev.weft.bootstrap.Spans;
import dev.weft.bootstrap.TaskContexts;
import net.bytebuddy.asm.Advice;

import java.util.concurrent.ForkJoinTask;

/**
 * {@code ForkJoinPool.execute(Runnable)} and {@code submit(Runnable)}: a task that is a
 * {@code ForkJoinTask} already is queued (and, by {@code submit}, returned) as itself, so its
 * context is kept beside it; any other is adapted into the pool's own object anyway, so it is wrapped.
 */
public final class ForkJoinExecuteAdvice {

    private ForkJoinExecuteAdvice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class)
    static void enter(@Advice.Argument(value = 0, readOnly = false) Runnable task) {
        if (task instanceof ForkJoinTask) {
            TaskContexts.handOver(task);
        } else {
            task = Spans.wrap(task);
        }
    }
}
