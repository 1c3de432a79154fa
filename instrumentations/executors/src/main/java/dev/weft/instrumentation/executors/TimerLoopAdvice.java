package dev.weft.instrumentation.executors;

import dev.weft.bootstrap.TaskContexts;
import net.bytebuddy.asm.Advice;

/**
 * {@code TaskQueue.isEmpty}: the timer thread's first step after a task has run is to look at
 * its queue again; the task's context ends there.
 */
public final class TimerLoopAdvice {

    private TimerLoopAdvice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class)
    static void enter() {
        TaskContexts.afterRun();
    }
}
