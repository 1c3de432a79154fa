package dev.weft.instrumentation.executors;

import dev.weft.bootstrap.TaskContexts;
import net.bytebuddy.asm.Advice;

import java.util.TimerTask;

/**
 * {@code TaskQueue.removeMin}: the timer thread takes a one-shot task off its queue just before it
 * runs it (or drops it, cancelled), outside any lock; the task's context becomes current until
 * the thread next looks at its queue ({@link TimerLoopAdvice}).
 */
public final class TimerTakeAdvice {

    private TimerTakeAdvice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class)
    static void enter(@Advice.FieldValue("queue") TimerTask[] queue) {
        TaskContexts.beforeRun(queue[1]); // the queue is a heap from index 1: its head is the task taken
    }
}
