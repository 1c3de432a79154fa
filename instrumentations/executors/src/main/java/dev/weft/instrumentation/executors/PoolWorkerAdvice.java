package dev.weft.instrumentation.executors;

import dev.weft.bootstrap.Spans;
import dev.weft.bootstrap.TaskContexts;
import net.bytebuddy.asm.Advice;

/**
 * A pool's worker thread may have been started from inside a trace ({@code Thread.start} carries
 * it); its tasks must not inherit that trace, only their own.
 */
public final class PoolWorkerAdvice {

    private PoolWorkerAdvice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class)
    static Object enter() {
        return Spans.attachNone();
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(@Advice.Enter Object attached) {
        TaskContexts.afterRun(); // a task whose afterExecute never reached ours
        Spans.detach(attached);
    }
}
