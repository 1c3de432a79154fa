package dev.weft.instrumentation.executors;

import dev.weft.bootstrap.ThreadContexts;
import net.bytebuddy.asm.Advice;

/** Remembers the trace context a thread is started in. */
public final class ThreadStartAdvice {

    private ThreadStartAdvice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class)
    static void enter(@Advice.This Thread thread) {
        ThreadContexts.starting(thread);
    }
}
