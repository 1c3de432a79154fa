package dev.weft.instrumentation.executors;

import dev.weft.bootstrap.TaskContexts;
import net.bytebuddy.asm.Advice;

/**
 * {@code Timer.sched}, where every {@code schedule} ends: a one-shot task (period 0) keeps the
 * caller's context beside it. A periodic task runs clean, as on a scheduled pool.
 */
public final class TimerScheduleAdvice {

    private TimerScheduleAdvice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class)
    static void enter(@Advice.Argument(0) Object task, @Advice.Argument(2) long period) {
        if (period == 0) {
            TaskContexts.handOver(task);
        }
    }
}
