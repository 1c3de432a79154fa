package dev.weft.agent.weave;

import dev.weft.bootstrap.Probes;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * {@link ProbeAdvice} for selectors with {@code labels:} or {@code value:}: on exit it also hands the
 * arguments (as they were on entry) and the return value to the capture handler. Boxing them costs
 * an allocation per call, which is why only those selectors are woven with it.
 */
public final class CaptureProbeAdvice {

    private CaptureProbeAdvice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class)
    static long enter(@ProbeId int id, @ProbeFlags int flags) {
        return Probes.enter(id, flags);
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(@ProbeId int id, @ProbeFlags int flags, @Advice.Enter long startNanos,
                     @Advice.Thrown Throwable thrown, @Advice.AllArguments Object[] args,
                     @Advice.Return(typing = Assigner.Typing.DYNAMIC) Object returned) {
        Probes.exitCapturing(id, flags, startNanos, thrown, args, returned);
    }
}
