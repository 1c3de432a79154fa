package dev.weft.agent.weave;

import dev.weft.bootstrap.AsyncCall;
import dev.weft.bootstrap.Probes;
import net.bytebuddy.asm.Advice;

/**
 * For a method declared to return a {@code CompletionStage} (a {@code CompletableFuture}, say):
 * the call ends when the returned stage completes, not when the method returns. Traced or not by
 * the {@link Probes#TRACED} flag, a constant of the woven code.
 */
public final class StageProbeAdvice {

    private StageProbeAdvice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class)
    static long enter(@ProbeId int id, @ProbeFlags int flags, @Advice.Local("weftSpan") Object span) {
        span = Probes.startSpan(id, flags);
        return Probes.enter(id, flags);
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(@ProbeId int id, @ProbeFlags int flags, @Advice.Enter long startNanos,
                     @Advice.Thrown Throwable thrown, @Advice.Return Object returned,
                     @Advice.Local("weftSpan") Object span) {
        AsyncCall.exitStage(id, flags, startNanos, thrown, returned, span);
    }
}
