package dev.weft.instrumentation.jdkhttpclient;

import dev.weft.instrumentation.api.BuiltInInstrumentation;
import dev.weft.instrumentation.api.MethodAdvice;
import dev.weft.instrumentation.api.Reference;
import dev.weft.instrumentation.api.TypeNames;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

import java.util.List;

import static net.bytebuddy.matcher.ElementMatchers.isPrivate;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

/**
 * A CLIENT span per request of {@code java.net.http.HttpClient}, sync and async. Every send goes
 * through one private {@code sendAsync} of the implementation, so that is the hook: the request is
 * rebuilt with exactly one {@code traceparent}, and the span ends when the response future does.
 */
public final class JdkHttpClientInstrumentation implements BuiltInInstrumentation {

    static final String CLIENT = "jdk.internal.net.http.HttpClientImpl";
    private static final String REQUEST = "java.net.http.HttpRequest";
    private static final String BUILDER = "java.net.http.HttpRequest$Builder";

    @Override
    public String name() {
        return "jdk-http-client";
    }

    @Override
    public ElementMatcher<? super TypeDescription> typeMatcher() {
        return TypeNames.of(CLIENT);
    }

    @Override
    public List<MethodAdvice> advice() {
        return List.of(MethodAdvice.on(named("sendAsync").and(isPrivate()).and(takesArguments(4)),
                "dev.weft.instrumentation.jdkhttpclient.SendAdvice"));
    }

    @Override
    public List<Reference> references() {
        return List.of(
                Reference.method(REQUEST, "method"),
                Reference.method(REQUEST, "uri"),
                Reference.method(REQUEST, "newBuilder", REQUEST, "java.util.function.BiPredicate"),
                Reference.method(BUILDER, "header", "java.lang.String", "java.lang.String"),
                Reference.method(BUILDER, "build"),
                Reference.method("java.util.concurrent.CompletableFuture", "whenComplete", "java.util.function.BiConsumer"));
    }
}
