package dev.weft.instrumentation.executors;

import dev.weft.bootstrap.TaskContexts;
import net.bytebuddy.asm.Advice;

/**
 * The task of {@code CompletableFuture.supplyAsync}/{@code runAsync}: it keeps the context of the
 * thread that asked for it, whatever executor runs it, the application's own included.
 */
public final class AsyncTaskCreatedAdvice {

    private AsyncTaskCreatedAdvice() {
    }

    @Advice.OnMethodExit(suppress = Throwable.class)
    static void exit(@Advice.This Object task) {
        TaskContexts.stageCreated(task);
    }
}
