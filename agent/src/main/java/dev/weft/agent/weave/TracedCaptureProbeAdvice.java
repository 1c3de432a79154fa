package dev.weft.agent.weave;

import dev.weft.bootstrap.Probes;
import dev.weft.bootstrap.Spans;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/** {@link CaptureProbeAdvice} plus a span per call, for capturing selectors with {@code trace: true}. */
public final class TracedCaptureProbeAdvice {

    private TracedCaptureProbeAdvice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class)
    static long enter(@ProbeId int id, @ProbeFlags int flags, @Advice.Local("weftSpan") Object span) {
        span = Spans.start(id);
        // Last: once the in-flight gauge is up, nothing here can fail and leave it up.
        return Probes.enter(id, flags);
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(@ProbeId int id, @ProbeFlags int flags, @Advice.Enter long startNanos,
                     @Advice.Thrown Throwable thrown, @Advice.AllArguments Object[] args,
                     @Advice.Return(typing = Assigner.Typing.DYNAMIC) Object returned,
                     @Advice.Local("weftSpan") Object span) {
        try {
            Probes.exitCapturing(id, flags, startNanos, thrown, args, returned);
        } finally {
            Spans.end(span, thrown); // whatever happened above: the span must give back the thread's context
        }
    }
}
