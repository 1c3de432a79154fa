package dev.weft.instrumentation.executors;

import dev.weft.bootstrap.TaskContexts;
import net.bytebuddy.asm.Advice;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * A dependent stage of a {@code CompletableFuture} that runs asynchronously (it has an executor to
 * be handed to once its source completes, or its source is done and it is handed to its executor at
 * once) keeps the context of the thread that asked for it: the thread that completes the source,
 * which hands it to the executor later, may be in another trace or none. Synchronous stages run
 * on the completing thread as they always have.
 */
public final class StageCreatedAdvice {

    private StageCreatedAdvice() {
    }

    @Advice.OnMethodExit(suppress = Throwable.class)
    static void exit(@Advice.This Object stage, @Advice.Argument(0) Executor executor,
                     @Advice.Argument(2) CompletableFuture<?> source) {
        if (executor != null || source != null && source.isDone()) {
            TaskContexts.stageCreated(stage);
        }
    }
}
