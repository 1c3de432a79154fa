package dev.weft.instrumentation.grpc;

import dev.weft.bootstrap.RpcSpans;
import io.grpc.Status;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into {@code ServerImpl.JumpToApplicationThreadServerStreamListener.closed(Status)}, which
 * the transport calls once per stream when it has closed (trailers sent, or the call cancelled):
 * ends the SERVER span of the call whose grpc {@code Context} the listener holds.
 */
public final class ServerClosedAdvice {

    private ServerClosedAdvice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class)
    static void enter(@Advice.FieldValue("context") Object context, @Advice.Argument(0) Status status) {
        RpcSpans.serverEnd(context, status == null ? RpcSpans.UNKNOWN : status.getCode().value());
    }
}
