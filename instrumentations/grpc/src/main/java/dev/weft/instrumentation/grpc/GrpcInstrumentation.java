package dev.weft.instrumentation.grpc;

import dev.weft.instrumentation.api.BuiltInInstrumentation;
import dev.weft.instrumentation.api.ClassLoaderMatchers;
import dev.weft.instrumentation.api.MethodAdvice;
import dev.weft.instrumentation.api.Reference;
import dev.weft.instrumentation.api.TypeNames;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

import java.util.List;

import static net.bytebuddy.matcher.ElementMatchers.isConstructor;
import static net.bytebuddy.matcher.ElementMatchers.isDeclaredBy;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

/**
 * grpc-java's clients and servers, on any transport (Netty, shaded Netty, OkHttp): every hook is
 * in {@code io.grpc.internal}, beneath the application's stubs, interceptors and listeners, so no
 * class of Weft's joins the application's loader and the application's objects are the ones it made.
 *
 * <p><b>Client.</b> {@code ClientCallImpl.start} opens the CLIENT span and puts exactly one
 * {@code traceparent} (and its {@code tracestate}) in the call's headers, in place of any the
 * application set, before the library reads them; {@code closeObserver}, the one place the library
 * hands the application's listener the call's final status (answered, failed, cancelled, past its
 * deadline), ends it. A call started before the channel was ready ({@code DelayedClientCall}, the
 * first call while the name resolves) reaches {@code ClientCallImpl.start} later on a library
 * thread: the context it was started in waits beside its headers.
 *
 * <p><b>Server.</b> The {@code ServerCallImpl} constructor, where the library makes the call from
 * the request headers, opens the SERVER span, continuing the caller's trace. Every piece of work
 * the library does for the call (interceptors, the service method, each message, half-close, the
 * end) runs in a {@code ContextRunnable} that carries the call's own grpc {@code Context}; the
 * span's context is current around each, so the service method, and any call it makes, is in the
 * trace. The status is what the server sends ({@code ServerCallImpl.close}, or the library's own
 * close of a failed call, {@code AbstractServerStream.close}); the span ends when the stream has
 * closed ({@code JumpToApplicationThreadServerStreamListener.closed}).
 */
public final class GrpcInstrumentation implements BuiltInInstrumentation {

    private static final String INTERNAL = "io.grpc.internal.";
    static final String CLIENT_CALL = INTERNAL + "ClientCallImpl";
    static final String DELAYED_CALL = INTERNAL + "DelayedClientCall";
    static final String SERVER_CALL = INTERNAL + "ServerCallImpl";
    static final String SERVER_STREAM = INTERNAL + "AbstractServerStream";
    static final String STREAM_LISTENER = INTERNAL + "ServerImpl$JumpToApplicationThreadServerStreamListener";
    static final String CONTEXT_TASK = INTERNAL + "ContextRunnable";
    private static final String PACKAGE = "dev.weft.instrumentation.grpc.";
    private static final String LISTENER = "io.grpc.ClientCall$Listener";
    private static final String METADATA = "io.grpc.Metadata";
    private static final String STATUS = "io.grpc.Status";

    @Override
    public String name() {
        return "grpc";
    }

    @Override
    public String group() {
        return "rpc";
    }

    @Override
    public ElementMatcher<? super TypeDescription> typeMatcher() {
        return TypeNames.of(CLIENT_CALL, DELAYED_CALL, SERVER_CALL, SERVER_STREAM, STREAM_LISTENER, CONTEXT_TASK);
    }

    @Override
    public ElementMatcher<? super ClassLoader> classLoaderMatcher() {
        return ClassLoaderMatchers.canSee(CLIENT_CALL);
    }

    @Override
    public List<MethodAdvice> advice() {
        return List.of(
                MethodAdvice.on(named("start").and(takesArguments(2)).and(declaredBy(CLIENT_CALL)),
                        PACKAGE + "ClientStartAdvice"),
                MethodAdvice.on(named("start").and(takesArguments(2)).and(declaredBy(DELAYED_CALL)),
                        PACKAGE + "DelayedStartAdvice"),
                MethodAdvice.on(named("closeObserver").and(takesArguments(3)).and(declaredBy(CLIENT_CALL)),
                        PACKAGE + "ClientCloseAdvice"),
                MethodAdvice.on(isConstructor().and(declaredBy(SERVER_CALL))
                        .and(takesArgument(0, named(INTERNAL + "ServerStream")))
                        .and(takesArgument(1, named("io.grpc.MethodDescriptor")))
                        .and(takesArgument(2, named(METADATA)))
                        .and(takesArgument(3, named("io.grpc.Context$CancellableContext"))), PACKAGE + "ServerCallAdvice"),
                MethodAdvice.on(statusClose(SERVER_CALL), PACKAGE + "ServerStatusAdvice"),
                MethodAdvice.on(statusClose(SERVER_STREAM), PACKAGE + "ServerStatusAdvice"),
                MethodAdvice.on(named("closed").and(takesArguments(1)).and(declaredBy(STREAM_LISTENER)),
                        PACKAGE + "ServerClosedAdvice"),
                MethodAdvice.on(named("run").and(takesArguments(0)).and(declaredBy(CONTEXT_TASK)),
                        PACKAGE + "ContextTaskAdvice"));
    }

    private static ElementMatcher.Junction<MethodDescription> statusClose(String type) {
        return named("close").and(takesArguments(2)).and(takesArgument(0, named(STATUS))).and(declaredBy(type));
    }

    private static ElementMatcher.Junction<MethodDescription> declaredBy(String type) {
        return isDeclaredBy(named(type));
    }

    /** What the advice names: the hooks above and the public API it reads and writes through. */
    @Override
    public List<Reference> references() {
        return List.of(
                Reference.method(CLIENT_CALL, "start", LISTENER, METADATA),
                Reference.method(CLIENT_CALL, "closeObserver", LISTENER, STATUS, METADATA),
                Reference.method(DELAYED_CALL, "start", LISTENER, METADATA),
                Reference.method(SERVER_CALL, "close", STATUS, METADATA),
                Reference.method(SERVER_STREAM, "close", STATUS, METADATA),
                Reference.method(STREAM_LISTENER, "closed", STATUS),
                Reference.method(CONTEXT_TASK, "run"),
                Reference.method("io.grpc.ClientCall", "getAttributes"),
                Reference.method("io.grpc.Attributes", "get", "io.grpc.Attributes$Key"),
                Reference.type("io.grpc.Grpc"),
                Reference.method("io.grpc.MethodDescriptor", "getFullMethodName"),
                Reference.method(METADATA, "discardAll", "io.grpc.Metadata$Key"),
                Reference.method(METADATA, "put", "io.grpc.Metadata$Key", "java.lang.Object"),
                Reference.method(METADATA, "getAll", "io.grpc.Metadata$Key"),
                Reference.method("io.grpc.Metadata$Key", "of", "java.lang.String", "io.grpc.Metadata$AsciiMarshaller"),
                Reference.method(STATUS, "getCode"),
                Reference.method("io.grpc.Status$Code", "value"));
    }
}
