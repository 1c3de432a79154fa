package dev.weft.instrumentation.kotlinxcoroutines;

import dev.weft.bootstrap.CoroutineContexts;
import dev.weft.bootstrap.Spans;
import kotlin.coroutines.Continuation;
import kotlinx.coroutines.Job;
import net.bytebuddy.asm.Advice;

/**
 * {@code BaseContinuationImpl.resumeWith}: the coroutine's trace context is current while it runs
 * on this thread, up to its next suspension (or its end); then the thread's own comes back.
 */
public final class ResumeAdvice {

    private ResumeAdvice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class)
    static Object enter(@Advice.This Continuation<?> continuation) {
        return CoroutineContexts.resuming(continuation.getContext().get(Job.Key));
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(@Advice.Enter Object attached) {
        Spans.detach(attached);
    }
}
