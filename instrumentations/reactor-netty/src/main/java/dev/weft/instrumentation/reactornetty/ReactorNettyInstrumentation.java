package dev.weft.instrumentation.reactornetty;

import dev.weft.instrumentation.api.BuiltInInstrumentation;
import dev.weft.instrumentation.api.ClassLoaderMatchers;
import dev.weft.instrumentation.api.MethodAdvice;
import dev.weft.instrumentation.api.Reference;
import dev.weft.instrumentation.api.TypeNames;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

import java.util.List;

import static net.bytebuddy.matcher.ElementMatchers.isConstructor;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

/**
 * Reactor Netty's HTTP client and server (1.2, 1.3; what Spring WebClient and WebFlux on Netty
 * run on). Every hook is inside the library, so the application's clients, requests and
 * publishers are the objects it made.
 *
 * <p><b>Client.</b> A call is one subscription: {@code HttpClientConnect.MonoHttpConnect}
 * makes one {@code HttpClientHandler} per subscriber, on the subscribing thread, and keeps it over
 * redirects and retries. Its constructor opens the CLIENT span, a child of what is current there
 * (the caller's context); each attempt's {@code HttpClientOperations} is joined to the call when its
 * request is prepared, and gets exactly one {@code traceparent} just before its headers are
 * written ({@code beforeMarkSentHeaders}: after the application's headers, its
 * {@code doOnRequest} and its send function, whatever they set). The span ends at the final
 * response ({@code RESPONSE_RECEIVED}, not sent for redirects), when the handler turns down a
 * retry of a failure (the call fails with it), or when the subscriber cancels.
 *
 * <p><b>Server.</b> The first inbound message of an {@code HttpServerOperations} (the request
 * head) opens the SERVER span, continuing the caller's {@code traceparent}; the span ends when the
 * exchange terminates ({@code DISCONNECTING}, after the last response packet was written, or the
 * connection dropped), with the status sent. Its route is {@code /}, or the path template of the
 * route {@code HttpServer.route(...)} matched; a framework on top (WebFlux) may name its own
 * through {@code ExchangeSpans.serverSpan(nativeRequest)} and {@code HttpSpans.serverRoute}.
 *
 * <p><b>The trace through the reactive chain.</b> Reactor Netty pushes an exchange's signals into
 * the application's publishers from its event loops. Around each push (the server's handler
 * call and request body, the client's response and body) the exchange's context is made current:
 * the SERVER span's, or the client caller's. So a handler's chain, which runs inside those pushes
 * unless it moves to another scheduler itself, makes its client calls in the server's trace.
 */
public final class ReactorNettyInstrumentation implements BuiltInInstrumentation {

    static final String CONNECT = "reactor.netty.http.client.HttpClientConnect";
    static final String CALL = CONNECT + "$HttpClientHandler";
    static final String OBSERVER = CONNECT + "$HttpObserver";
    static final String MONO_CONNECT = CONNECT + "$MonoHttpConnect";
    static final String CLIENT_OPERATIONS = "reactor.netty.http.client.HttpClientOperations";
    static final String SERVER_HANDLE = "reactor.netty.http.server.HttpServer$HttpServerHandle";
    static final String SERVER_OPERATIONS = "reactor.netty.http.server.HttpServerOperations";
    static final String ROUTE = "reactor.netty.http.server.DefaultHttpServerRoutes$HttpRouteHandler";
    private static final String PACKAGE = "dev.weft.instrumentation.reactornetty.";
    private static final String CONTEXT = "io.netty.channel.ChannelHandlerContext";
    private static final String CONNECTION = "reactor.netty.Connection";
    private static final String STATE = "reactor.netty.ConnectionObserver$State";
    private static final String HEADERS = "io.netty.handler.codec.http.HttpHeaders";
    private static final String SERVER_RESPONSE = "reactor.netty.http.server.HttpServerResponse";

    @Override
    public String name() {
        return "reactor-netty";
    }

    @Override
    public ElementMatcher<? super TypeDescription> typeMatcher() {
        return TypeNames.of(CALL, OBSERVER, MONO_CONNECT, CLIENT_OPERATIONS, SERVER_HANDLE, SERVER_OPERATIONS, ROUTE);
    }

    @Override
    public ElementMatcher<? super ClassLoader> classLoaderMatcher() {
        return ClassLoaderMatchers.canSee(CONNECT);
    }

    @Override
    public List<MethodAdvice> advice() {
        return List.of(
                // client
                MethodAdvice.on(isConstructor().and(takesArguments(1)).and(isDeclaredBy(CALL))
                        .and(takesArgument(0, named("reactor.netty.http.client.HttpClientConfig"))), PACKAGE + "ClientCallAdvice"),
                MethodAdvice.on(named("subscribe").and(takesArguments(1)).and(isDeclaredBy(MONO_CONNECT)),
                        PACKAGE + "ClientSubscribeAdvice"),
                MethodAdvice.on(named("requestWithBody").and(takesArguments(1)).and(isDeclaredBy(CALL)),
                        PACKAGE + "ClientAttemptAdvice"),
                MethodAdvice.on(named("test").and(takesArguments(1)).and(isDeclaredBy(CALL)),
                        PACKAGE + "ClientRetryAdvice"),
                MethodAdvice.on(named("onStateChange").and(takesArguments(2)).and(isDeclaredBy(OBSERVER)),
                        PACKAGE + "ClientResponseAdvice"),
                MethodAdvice.on(named("beforeMarkSentHeaders").and(takesArguments(0)).and(isDeclaredBy(CLIENT_OPERATIONS)),
                        PACKAGE + "ClientHeadersAdvice"),
                MethodAdvice.on(inboundNext(CLIENT_OPERATIONS), PACKAGE + "ClientInboundAdvice"),
                // server
                MethodAdvice.on(inboundNext(SERVER_OPERATIONS), PACKAGE + "ServerInboundAdvice"),
                MethodAdvice.on(named("onOutboundError").and(takesArguments(1)).and(isDeclaredBy(SERVER_OPERATIONS)),
                        PACKAGE + "ServerErrorAdvice"),
                MethodAdvice.on(named("onStateChange").and(takesArguments(2)).and(isDeclaredBy(SERVER_HANDLE)),
                        PACKAGE + "ServerEndAdvice"),
                MethodAdvice.on(named("apply").and(takesArguments(2)).and(isDeclaredBy(ROUTE))
                        .and(takesArgument(1, named(SERVER_RESPONSE))), PACKAGE + "ServerRouteAdvice"));
    }

    private static ElementMatcher.Junction<net.bytebuddy.description.method.MethodDescription> inboundNext(String type) {
        return named("onInboundNext").and(takesArguments(2)).and(takesArgument(0, named(CONTEXT))).and(isDeclaredBy(type));
    }

    private static ElementMatcher.Junction<net.bytebuddy.description.method.MethodDescription> isDeclaredBy(String type) {
        return net.bytebuddy.matcher.ElementMatchers.isDeclaredBy(named(type));
    }

    /**
     * What the advice calls. The fields it reads ({@code HttpClientHandler.method} and
     * {@code toURI}, {@code HttpObserver.handler}) are 1.x's own; a version without them is not
     * woven at all, as the methods below are checked first.
     */
    @Override
    public List<Reference> references() {
        return List.of(
                Reference.type(CALL),
                Reference.method(CALL, "requestWithBody", CLIENT_OPERATIONS),
                Reference.method(CALL, "test", "java.lang.Throwable"),
                Reference.method(OBSERVER, "onStateChange", CONNECTION, STATE),
                Reference.method(CLIENT_OPERATIONS, "beforeMarkSentHeaders"),
                Reference.method(CLIENT_OPERATIONS, "onInboundNext", CONTEXT, "java.lang.Object"),
                Reference.type("reactor.netty.http.client.HttpClientState"),
                Reference.method("reactor.netty.http.client.HttpClientRequest", "requestHeaders"),
                Reference.method("reactor.netty.http.client.HttpClientResponse", "status"),
                Reference.method("io.netty.handler.codec.http.HttpResponseStatus", "code"),
                Reference.method("io.netty.handler.codec.http.HttpMethod", "name"),
                Reference.method(HEADERS, "set", "java.lang.String", "java.lang.Object"),
                Reference.method(HEADERS, "remove", "java.lang.String"),
                Reference.method(HEADERS, "getAll", "java.lang.String"),
                Reference.method(MONO_CONNECT, "subscribe", "reactor.core.CoreSubscriber"),
                Reference.method("reactor.core.publisher.Mono", "doFinally", "java.util.function.Consumer"),
                Reference.method("reactor.core.publisher.Mono", "subscribe", "reactor.core.CoreSubscriber"),
                Reference.method(SERVER_OPERATIONS, "onInboundNext", CONTEXT, "java.lang.Object"),
                Reference.method(SERVER_OPERATIONS, "onOutboundError", "java.lang.Throwable"),
                Reference.method(SERVER_HANDLE, "onStateChange", CONNECTION, STATE),
                Reference.type("io.netty.handler.codec.http.HttpRequest"),
                Reference.type("reactor.netty.ConnectionObserver$State"),
                Reference.method("reactor.netty.http.server.HttpServerRequest", "requestHeaders"),
                Reference.method("reactor.netty.http.server.HttpServerRequest", "method"),
                Reference.method("reactor.netty.http.server.HttpServerRequest", "fullPath"),
                Reference.method("reactor.netty.http.server.HttpServerRequest", "uri"),
                Reference.method(SERVER_RESPONSE, "status"),
                Reference.method(SERVER_RESPONSE, "hasSentHeaders"),
                Reference.method("reactor.netty.http.server.HttpRouteHandlerMetadata", "getPath"));
    }
}
