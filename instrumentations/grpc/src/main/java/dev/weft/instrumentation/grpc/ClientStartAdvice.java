package dev.weft.instrumentation.grpc;

import dev.weft.bootstrap.RpcSpans;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into {@code ClientCallImpl.start(Listener, Metadata)}, before the library reads the
 * headers: opens the call's CLIENT span and sets exactly one {@code traceparent}, the span's, in
 * place of any the application put there, with its {@code tracestate}. A start that throws (a
 * call started twice, a null listener) ends the span it opened.
 */
public final class ClientStartAdvice {

    private ClientStartAdvice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class)
    static Object enter(@Advice.This Object call, @Advice.Argument(1) Metadata headers,
                        @Advice.FieldValue("method") MethodDescriptor<?, ?> method) {
        Object span = RpcSpans.clientStart(call, headers, method.getFullMethodName());
        String traceparent = RpcSpans.clientHeader(span, RpcSpans.TRACEPARENT);
        if (traceparent != null && headers != null) {
            Metadata.Key<String> parentKey = Metadata.Key.of(RpcSpans.TRACEPARENT, Metadata.ASCII_STRING_MARSHALLER);
            Metadata.Key<String> stateKey = Metadata.Key.of(RpcSpans.TRACESTATE, Metadata.ASCII_STRING_MARSHALLER);
            headers.discardAll(parentKey);
            headers.discardAll(stateKey);
            headers.put(parentKey, traceparent);
            String tracestate = RpcSpans.clientHeader(span, RpcSpans.TRACESTATE);
            if (tracestate != null && !tracestate.isEmpty()) {
                headers.put(stateKey, tracestate);
            }
        }
        return span;
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(@Advice.This Object call, @Advice.Enter Object span, @Advice.Thrown Throwable thrown) {
        if (span != null && thrown != null) {
            RpcSpans.clientFailed(call, thrown);
        }
    }
}
