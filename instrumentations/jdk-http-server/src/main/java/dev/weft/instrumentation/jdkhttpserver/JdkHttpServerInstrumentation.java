package dev.weft.instrumentation.jdkhttpserver;

import dev.weft.instrumentation.api.BuiltInInstrumentation;
import dev.weft.instrumentation.api.MethodAdvice;
import dev.weft.instrumentation.api.Reference;
import dev.weft.instrumentation.api.TypeNames;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

import java.util.List;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

/**
 * A SERVER span around each exchange of the JDK HTTP server, continuing the caller's W3C trace.
 * The hook is the server's link from its own filters to the application's: it runs once per
 * exchange, whatever the handler is (a class, a lambda), and around the application's filters too.
 * The route is the path of the context the request matched, never the raw URL.
 */
public final class JdkHttpServerInstrumentation implements BuiltInInstrumentation {

    static final String LINK_HANDLER = "sun.net.httpserver.ServerImpl$Exchange$LinkHandler";
    private static final String EXCHANGE = "com.sun.net.httpserver.HttpExchange";

    @Override
    public String name() {
        return "jdk-http-server";
    }

    @Override
    public ElementMatcher<? super TypeDescription> typeMatcher() {
        return TypeNames.of(LINK_HANDLER);
    }

    @Override
    public List<MethodAdvice> advice() {
        return List.of(MethodAdvice.on(named("handle").and(takesArguments(1)),
                "dev.weft.instrumentation.jdkhttpserver.ExchangeAdvice"));
    }

    @Override
    public List<Reference> references() {
        return List.of(
                Reference.method(EXCHANGE, "getRequestMethod"),
                Reference.method(EXCHANGE, "getRequestURI"),
                Reference.method(EXCHANGE, "getHttpContext"),
                Reference.method(EXCHANGE, "getRequestHeaders"),
                Reference.method(EXCHANGE, "getResponseCode"),
                Reference.method("com.sun.net.httpserver.HttpContext", "getPath"),
                Reference.method("com.sun.net.httpserver.Headers", "get", "java.lang.Object"));
    }
}
