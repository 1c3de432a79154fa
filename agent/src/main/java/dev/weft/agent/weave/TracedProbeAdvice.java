package dev.weft.agent.weave;

import dev.weft.bootstrap.Probes;
import dev.weft.bootstrap.Spans;
import net.bytebuddy.asm.Advice;

/**
 * {@link ProbeAdvice} plus a span per call, for selectors with {@code trace: true}. The span lives in
 * a local variable of the woven method, so nothing is allocated to carry it from entry to exit.
 */
public final class TracedProbeAdvice {

    private TracedProbeAdvice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class)
    static long enter(@ProbeId int id, @ProbeFlags int flags, @Advice.Local("weftSpan") Object span) {
        span = Spans.start(id);
        // Last: once the in-flight gauge is up, nothing here can fail and leave it up.
        return Probes.enter(id, flags);
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(@ProbeId int id, @ProbeFlags int flags, @Advice.Enter long startNanos,
                     @Advice.Thrown Throwable thrown, @Advice.Local("weftSpan") Object span) {
        try {
            Probes.exit(id, flags, startNanos, thrown);
        } finally {
            Spans.end(span, thrown); // whatever happened above: the span must give back the thread's context
        }
    }
}
