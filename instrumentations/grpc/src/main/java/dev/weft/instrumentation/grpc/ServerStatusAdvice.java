package dev.weft.instrumentation.grpc;

import dev.weft.bootstrap.RpcSpans;
import io.grpc.Status;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into {@code ServerCallImpl.close(Status, Metadata)} (the application closes the call)
 * and {@code AbstractServerStream.close(Status, Metadata)} (the stream sends its trailers, also
 * when the library closes a call whose service method threw): notes the status the server sends.
 */
public final class ServerStatusAdvice {

    private ServerStatusAdvice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class)
    static void enter(@Advice.This Object callOrStream, @Advice.Argument(0) Status status) {
        if (status != null) {
            RpcSpans.serverStatus(callOrStream, status.getCode().value());
        }
    }
}
