package dev.weft.instrumentation.executors;

import dev.weft.bootstrap.Spans;
import net.bytebuddy.asm.Advice;

/**
 * A virtual thread handing its continuation to the scheduler (at start, and whenever it is
 * unparked, by whichever thread unparks it) or a timeout to its timer: none of that is work of
 * the trace current there. The thread carries its own context; the carrier and timer threads
 * must carry none.
 */
public final class NoContextAdvice {

    private NoContextAdvice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class)
    static Object enter() {
        return Spans.attachNone();
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(@Advice.Enter Object attached) {
        Spans.detach(attached);
    }
}
