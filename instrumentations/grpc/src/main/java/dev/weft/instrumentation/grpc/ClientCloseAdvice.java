package dev.weft.instrumentation.grpc;

import dev.weft.bootstrap.RpcSpans;
import io.grpc.ClientCall;
import io.grpc.Grpc;
import io.grpc.Status;
import net.bytebuddy.asm.Advice;

import java.net.InetSocketAddress;
import java.net.SocketAddress;

/**
 * Inlined into {@code ClientCallImpl.closeObserver(Listener, Status, Metadata)}, where the library
 * gives the application's listener the call's final status, whatever ended it: ends the CLIENT
 * span with that status and the address the call's stream went to.
 */
public final class ClientCloseAdvice {

    private ClientCloseAdvice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class)
    static void enter(@Advice.This Object call, @Advice.Argument(1) Status status) {
        String address = null;
        int port = 0;
        SocketAddress remote = ((ClientCall<?, ?>) call).getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR);
        if (remote instanceof InetSocketAddress) {
            address = ((InetSocketAddress) remote).getHostString();
            port = ((InetSocketAddress) remote).getPort();
        }
        RpcSpans.clientEnd(call, status == null ? RpcSpans.UNKNOWN : status.getCode().value(), address, port);
    }
}
