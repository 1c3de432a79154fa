package dev.weft.instrumentation.executors;

import dev.weft.bootstrap.Spans;
import dev.weft.bootstrap.ThreadContexts;
import net.bytebuddy.asm.Advice;

/** Runs a started thread's task in the trace context it was started in. */
public final class ThreadRunAdvice {

    private ThreadRunAdvice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class)
    static Object enter(@Advice.This Thread thread) {
        return ThreadContexts.running(thread);
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(@Advice.Enter Object attached) {
        Spans.detach(attached);
    }
}
