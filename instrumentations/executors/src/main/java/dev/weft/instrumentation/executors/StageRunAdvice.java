package dev.weft.instrumentation.executors;

import dev.weft.bootstrap.Spans;
import dev.weft.bootstrap.TaskContexts;
import net.bytebuddy.asm.Advice;

/**
 * An asynchronous stage of a {@code CompletableFuture} runs in the context it was asked for in,
 * inside whatever context the executor's own hand-over made current.
 */
public final class StageRunAdvice {

    private StageRunAdvice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class)
    static Object enter(@Advice.This Object stage) {
        return TaskContexts.stageRunning(stage);
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(@Advice.Enter Object attached) {
        Spans.detach(attached);
    }
}
