package dev.weft.agent.weave;

import dev.weft.bootstrap.SuspendCalls;
import dev.weft.bootstrap.Probes;
import net.bytebuddy.asm.Advice;

/**
 * For a Kotlin {@code suspend} function with a state machine of its own: the call ends when the
 * function returns for good, after its last resumption ({@link SuspendCalls}). Names only JDK and
 * bootstrap types: the continuation is the method's last parameter, read as an {@code Object}.
 */
public final class SuspendProbeAdvice {

    private SuspendProbeAdvice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class)
    static long enter(@ProbeId int id, @ProbeFlags int flags, @LastArgument Object continuation,
                      @Advice.Origin("#t.#m") String function, @Advice.Local("weftSpan") Object span) {
        long start = SuspendCalls.enter(id, flags, continuation, function);
        if (start != Probes.NOT_ENTERED) {
            span = Probes.startSpan(id, flags); // a resumption is no new span
        }
        return start;
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(@ProbeId int id, @ProbeFlags int flags, @Advice.Enter long startNanos,
                     @Advice.Thrown Throwable thrown, @Advice.Return Object returned,
                     @LastArgument Object continuation, @Advice.Origin("#t.#m") String function,
                     @Advice.Local("weftSpan") Object span) {
        SuspendCalls.exit(id, flags, startNanos, thrown, returned, continuation, function, span);
    }
}
