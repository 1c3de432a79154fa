package dev.weft.instrumentation.grpc;

import dev.weft.bootstrap.RpcSpans;
import dev.weft.bootstrap.Spans;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into {@code ContextRunnable.run()}, the task in which the library runs each piece of a
 * call's work with the call's grpc {@code Context}: a server call's span is current around it.
 * A client call made inside a service method carries the server call's grpc context, so its
 * callbacks run in the server's trace too.
 */
public final class ContextTaskAdvice {

    private ContextTaskAdvice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class)
    static Object enter(@Advice.FieldValue("context") Object context) {
        return RpcSpans.attach(context);
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(@Advice.Enter Object attached) {
        Spans.detach(attached);
    }
}
