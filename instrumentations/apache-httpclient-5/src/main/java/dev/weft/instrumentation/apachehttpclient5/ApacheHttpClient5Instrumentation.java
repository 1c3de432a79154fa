package dev.weft.instrumentation.apachehttpclient5;

import dev.weft.instrumentation.api.BuiltInInstrumentation;
import dev.weft.instrumentation.api.ClassLoaderMatchers;
import dev.weft.instrumentation.api.MethodAdvice;
import dev.weft.instrumentation.api.Reference;
import dev.weft.instrumentation.api.TypeNames;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

import java.util.List;

import static net.bytebuddy.matcher.ElementMatchers.isDeclaredBy;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

/**
 * A CLIENT span per call of Apache HttpClient 5 (5.1 on), classic and async, with exactly one
 * {@code traceparent} on every request that goes out for it (redirects and retries included).
 *
 * <ul>
 *   <li>Classic: every {@code CloseableHttpClient.execute} overload (the response-handler ones and
 *       {@code executeOpen} too) ends in {@code doExecute} of {@code InternalHttpClient} or
 *       {@code MinimalHttpClient}: the span is that call, a synchronous one. The trace headers go
 *       on the request {@code MainClientExec} sends (a copy {@code InternalHttpClient} made), or for
 *       {@code MinimalHttpClient}, which sends the application's request itself, on that.</li>
 *   <li>Async: {@code InternalAbstractHttpAsyncClient} (the clients {@code HttpAsyncClients} builds,
 *       HTTP/1 and HTTP/2) starts each call's exchange once, in {@code executeImmediate}, with the
 *       future it returns to the application in the exec scope. The span opens there, keyed by that
 *       future; the main exec ({@code HttpAsyncMainClientExec}, {@code H2AsyncMainClientExec}) puts
 *       the headers on each request it sends for the scope's future; and the span ends when the
 *       future completes, fails or is cancelled ({@code ComplexFuture}), with the status of the last
 *       response the call's context saw.</li>
 * </ul>
 */
public final class ApacheHttpClient5Instrumentation implements BuiltInInstrumentation {

    private static final String CLASSIC = "org.apache.hc.client5.http.impl.classic.";
    private static final String ASYNC = "org.apache.hc.client5.http.impl.async.";
    static final String INTERNAL_CLIENT = CLASSIC + "InternalHttpClient";
    static final String MINIMAL_CLIENT = CLASSIC + "MinimalHttpClient";
    static final String MAIN_EXEC = CLASSIC + "MainClientExec";
    static final String ASYNC_CLIENT = ASYNC + "InternalAbstractHttpAsyncClient";
    static final String ASYNC_MAIN_EXEC = ASYNC + "HttpAsyncMainClientExec";
    static final String H2_MAIN_EXEC = ASYNC + "H2AsyncMainClientExec";
    static final String FUTURE = "org.apache.hc.core5.concurrent.ComplexFuture";

    private static final String ADVICE = "dev.weft.instrumentation.apachehttpclient5.";
    private static final String CORE = "org.apache.hc.core5.http.";
    private static final String HOST = CORE + "HttpHost";
    private static final String CLASSIC_REQUEST = CORE + "ClassicHttpRequest";
    private static final String REQUEST = CORE + "HttpRequest";
    private static final String MESSAGE = CORE + "HttpMessage";
    private static final String CONTEXT = CORE + "protocol.HttpContext";
    private static final String CORE_CONTEXT = CORE + "protocol.HttpCoreContext";
    private static final String SCOPE = "org.apache.hc.client5.http.async.AsyncExecChain$Scope";
    private static final String[] ASYNC_EXEC = {REQUEST, CORE + "nio.AsyncEntityProducer", SCOPE,
            "org.apache.hc.client5.http.async.AsyncExecChain", "org.apache.hc.client5.http.async.AsyncExecCallback"};

    @Override
    public String name() {
        return "apache-httpclient-5";
    }

    @Override
    public String group() {
        return "apache-httpclient";
    }

    @Override
    public ElementMatcher<? super ClassLoader> classLoaderMatcher() {
        return ClassLoaderMatchers.canSee(INTERNAL_CLIENT);
    }

    @Override
    public ElementMatcher<? super TypeDescription> typeMatcher() {
        return TypeNames.of(INTERNAL_CLIENT, MINIMAL_CLIENT, MAIN_EXEC, ASYNC_CLIENT, ASYNC_MAIN_EXEC, H2_MAIN_EXEC, FUTURE);
    }

    @Override
    public List<MethodAdvice> advice() {
        return List.of(
                MethodAdvice.on(isDeclaredBy(named(INTERNAL_CLIENT)).and(named("doExecute")).and(takesArguments(3)),
                        ADVICE + "ClassicCallAdvice"),
                MethodAdvice.on(isDeclaredBy(named(MINIMAL_CLIENT)).and(named("doExecute")).and(takesArguments(3)),
                        ADVICE + "MinimalCallAdvice"),
                MethodAdvice.on(isDeclaredBy(named(MAIN_EXEC)).and(named("execute")).and(takesArguments(3)),
                        ADVICE + "ClassicHeadersAdvice"),
                MethodAdvice.on(isDeclaredBy(named(ASYNC_CLIENT)).and(named("executeImmediate")).and(takesArguments(5)),
                        ADVICE + "AsyncStartAdvice"),
                MethodAdvice.on(isDeclaredBy(namedOneOf(ASYNC_MAIN_EXEC, H2_MAIN_EXEC)).and(named("execute"))
                        .and(takesArguments(5)), ADVICE + "AsyncHeadersAdvice"),
                MethodAdvice.on(isDeclaredBy(named(FUTURE)).and(namedOneOf("completed", "failed", "cancel"))
                        .and(takesArguments(1)), ADVICE + "AsyncEndAdvice"));
    }

    @Override
    public List<Reference> references() {
        return List.of(
                // where the advice goes
                Reference.method(INTERNAL_CLIENT, "doExecute", HOST, CLASSIC_REQUEST, CONTEXT),
                Reference.method(MINIMAL_CLIENT, "doExecute", HOST, CLASSIC_REQUEST, CONTEXT),
                Reference.method(MAIN_EXEC, "execute", CLASSIC_REQUEST,
                        "org.apache.hc.client5.http.classic.ExecChain$Scope", "org.apache.hc.client5.http.classic.ExecChain"),
                Reference.method(ASYNC_CLIENT, "executeImmediate", ASYNC_EXEC),
                Reference.method(ASYNC_MAIN_EXEC, "execute", ASYNC_EXEC),
                Reference.method(H2_MAIN_EXEC, "execute", ASYNC_EXEC),
                Reference.method(FUTURE, "completed", "java.lang.Object"),
                Reference.method(FUTURE, "failed", "java.lang.Exception"),
                Reference.method(FUTURE, "cancel", "boolean"),
                // what it calls (and reads: the scope's fields cancellableDependency and clientContext)
                Reference.method(HOST, "toURI"),
                Reference.method(REQUEST, "getMethod"),
                Reference.method(REQUEST, "getUri"),
                Reference.method(REQUEST, "getRequestUri"),
                Reference.method(MESSAGE, "removeHeaders", "java.lang.String"),
                Reference.method(MESSAGE, "addHeader", "java.lang.String", "java.lang.Object"),
                Reference.method(CORE + "HttpResponse", "getCode"),
                Reference.method(CORE_CONTEXT, "getResponse"),
                Reference.type("org.apache.hc.client5.http.protocol.HttpClientContext"),
                Reference.type(SCOPE));
    }
}
