package dev.weft.instrumentation.executors;

import dev.weft.bootstrap.ThreadContexts;
import net.bytebuddy.asm.Advice;

/**
 * {@code Thread.start(ThreadContainer)} and a virtual thread's {@code start(ThreadContainer)}: a
 * thread that is one task (a virtual thread, or one of a thread-per-task executor or a structured
 * task scope) carries the context of the code that started it.
 */
public final class TaskThreadStartAdvice {

    private TaskThreadStartAdvice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class)
    static void enter(@Advice.This Thread thread) {
        ThreadContexts.startingTask(thread);
    }
}
