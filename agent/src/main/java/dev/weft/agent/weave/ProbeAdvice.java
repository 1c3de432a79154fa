package dev.weft.agent.weave;

import dev.weft.bootstrap.Probes;
import net.bytebuddy.asm.Advice;

/**
 * The code copied into every selected method. It names only bootstrap classes, so it links in any
 * class loader. Both parameters are constants in the woven code, so the JIT drops every branch of
 * {@link Probes} that the selector does not record. Faults are suppressed: Weft never throws into
 * the application, and the application's own exception is rethrown untouched.
 */
public final class ProbeAdvice {

    private ProbeAdvice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class)
    static long enter(@ProbeId int id, @ProbeFlags int flags) {
        return Probes.enter(id, flags);
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(@ProbeId int id, @ProbeFlags int flags, @Advice.Enter long startNanos,
                     @Advice.Thrown Throwable thrown) {
        Probes.exit(id, flags, startNanos, thrown);
    }
}
