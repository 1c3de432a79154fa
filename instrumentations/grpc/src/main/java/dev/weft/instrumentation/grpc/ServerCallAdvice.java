package dev.weft.instrumentation.grpc;

import dev.weft.bootstrap.RpcSpans;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into the {@code ServerCallImpl} constructor, where the library makes a call of a method
 * the server has from the request's headers: opens the SERVER span, continuing the caller's trace,
 * kept beside the call, its stream and its grpc {@code Context}.
 */
public final class ServerCallAdvice {

    private ServerCallAdvice() {
    }

    @Advice.OnMethodExit(suppress = Throwable.class)
    static void exit(@Advice.This Object call, @Advice.Argument(0) Object stream,
                     @Advice.Argument(1) MethodDescriptor<?, ?> method, @Advice.Argument(2) Metadata headers,
                     @Advice.Argument(3) Object context) {
        RpcSpans.serverStart(call, stream, context, method.getFullMethodName(),
                headers.getAll(Metadata.Key.of(RpcSpans.TRACEPARENT, Metadata.ASCII_STRING_MARSHALLER)),
                headers.getAll(Metadata.Key.of(RpcSpans.TRACESTATE, Metadata.ASCII_STRING_MARSHALLER)));
    }
}
