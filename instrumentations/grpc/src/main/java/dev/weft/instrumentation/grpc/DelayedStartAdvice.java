package dev.weft.instrumentation.grpc;

import dev.weft.bootstrap.RpcSpans;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into {@code DelayedClientCall.start(Listener, Metadata)}: the application starts a call
 * the channel cannot carry yet; the library starts the real call with these headers later, on a
 * thread of its own, so the context current here waits beside them.
 */
public final class DelayedStartAdvice {

    private DelayedStartAdvice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class)
    static void enter(@Advice.Argument(1) Object headers) {
        RpcSpans.clientCaller(headers);
    }
}
