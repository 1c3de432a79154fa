package dev.weft.agent.weave;

import dev.weft.bootstrap.AsyncCall;
import dev.weft.bootstrap.Probes;
import net.bytebuddy.asm.Advice;
import reactor.core.publisher.Flux;

import java.util.function.Consumer;

/**
 * For a method declared to return a Reactor {@code Flux}: the call ends when the {@code Flux}
 * completes, fails or is cancelled. A {@code Flux} is a recipe run on each subscription, so
 * nothing can watch it but an operator of its own: the caller gets the method's {@code Flux}
 * behind {@code doOnError} and {@code doFinally}, which pass every signal on unchanged. Names
 * Reactor, which the woven class's loader sees: the method returns one of its types.
 */
public final class FluxProbeAdvice {

    private FluxProbeAdvice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class)
    static long enter(@ProbeId int id, @ProbeFlags int flags, @Advice.Local("weftSpan") Object span) {
        span = Probes.startSpan(id, flags);
        return Probes.enter(id, flags);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(@ProbeId int id, @ProbeFlags int flags, @Advice.Enter long startNanos,
                     @Advice.Thrown Throwable thrown, @Advice.Return(readOnly = false) Flux<?> returned,
                     @Advice.Local("weftSpan") Object span) {
        AsyncCall call = AsyncCall.exitPublisher(id, flags, startNanos, thrown, returned, span);
        if (call != null) {
            returned = returned.doOnError(call).doFinally((Consumer) call);
        }
    }
}
