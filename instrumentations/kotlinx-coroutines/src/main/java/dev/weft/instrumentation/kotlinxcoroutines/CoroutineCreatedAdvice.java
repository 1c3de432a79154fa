package dev.weft.instrumentation.kotlinxcoroutines;

import dev.weft.bootstrap.CoroutineContexts;
import net.bytebuddy.asm.Advice;

/** {@code AbstractCoroutine}'s constructor: the coroutine remembers the trace context it was created in. */
public final class CoroutineCreatedAdvice {

    private CoroutineCreatedAdvice() {
    }

    @Advice.OnMethodExit(suppress = Throwable.class)
    static void exit(@Advice.This Object coroutine) {
        CoroutineContexts.created(coroutine);
    }
}
