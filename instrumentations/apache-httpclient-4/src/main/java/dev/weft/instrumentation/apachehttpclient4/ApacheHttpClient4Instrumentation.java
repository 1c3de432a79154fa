package dev.weft.instrumentation.apachehttpclient4;

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
 * A CLIENT span per call of Apache HttpClient 4.3 to 4.5 ({@code CloseableHttpClient}), with
 * exactly one {@code traceparent} on every request that goes out for it. Every {@code execute}
 * overload (an {@code HttpUriRequest} or an {@code HttpHost} and {@code HttpRequest}, with or
 * without a context or a response handler) ends in {@code doExecute} of {@code InternalHttpClient}
 * (what {@code HttpClients} and {@code HttpClientBuilder} build) or {@code MinimalHttpClient}: the
 * span is that call, redirects and retries inside it. Both hand the exec chain a wrapper of the
 * application's request with headers of its own, and the last link ({@code MainClientExec},
 * {@code MinimalClientExec}) sends it: that is where the trace headers go, for every redirect and
 * retry, without touching the application's request.
 */
public final class ApacheHttpClient4Instrumentation implements BuiltInInstrumentation {

    static final String INTERNAL_CLIENT = "org.apache.http.impl.client.InternalHttpClient";
    static final String MINIMAL_CLIENT = "org.apache.http.impl.client.MinimalHttpClient";
    static final String MAIN_EXEC = "org.apache.http.impl.execchain.MainClientExec";
    static final String MINIMAL_EXEC = "org.apache.http.impl.execchain.MinimalClientExec";

    private static final String ADVICE = "dev.weft.instrumentation.apachehttpclient4.";
    private static final String HOST = "org.apache.http.HttpHost";
    private static final String REQUEST = "org.apache.http.HttpRequest";
    private static final String MESSAGE = "org.apache.http.HttpMessage";
    private static final String CONTEXT = "org.apache.http.protocol.HttpContext";
    private static final String[] EXEC = {"org.apache.http.conn.routing.HttpRoute",
            "org.apache.http.client.methods.HttpRequestWrapper", "org.apache.http.client.protocol.HttpClientContext",
            "org.apache.http.client.methods.HttpExecutionAware"};

    @Override
    public String name() {
        return "apache-httpclient-4";
    }

    @Override
    public String group() {
        return "apache-httpclient";
    }

    @Override
    public ElementMatcher<? super ClassLoader> classLoaderMatcher() {
        return ClassLoaderMatchers.canSee("org.apache.http.impl.client.CloseableHttpClient");
    }

    @Override
    public ElementMatcher<? super TypeDescription> typeMatcher() {
        return TypeNames.of(INTERNAL_CLIENT, MINIMAL_CLIENT, MAIN_EXEC, MINIMAL_EXEC);
    }

    @Override
    public List<MethodAdvice> advice() {
        return List.of(
                MethodAdvice.on(isDeclaredBy(namedOneOf(INTERNAL_CLIENT, MINIMAL_CLIENT)).and(named("doExecute"))
                        .and(takesArguments(3)), ADVICE + "CallAdvice"),
                MethodAdvice.on(isDeclaredBy(namedOneOf(MAIN_EXEC, MINIMAL_EXEC)).and(named("execute"))
                        .and(takesArguments(4)), ADVICE + "HeadersAdvice"));
    }

    @Override
    public List<Reference> references() {
        return List.of(
                // where the advice goes
                Reference.method(INTERNAL_CLIENT, "doExecute", HOST, REQUEST, CONTEXT),
                Reference.method(MINIMAL_CLIENT, "doExecute", HOST, REQUEST, CONTEXT),
                Reference.method(MAIN_EXEC, "execute", EXEC),
                Reference.method(MINIMAL_EXEC, "execute", EXEC),
                // what it calls
                Reference.method(HOST, "toURI"),
                Reference.method(REQUEST, "getRequestLine"),
                Reference.method("org.apache.http.RequestLine", "getMethod"),
                Reference.method("org.apache.http.RequestLine", "getUri"),
                Reference.method("org.apache.http.HttpResponse", "getStatusLine"),
                Reference.method("org.apache.http.StatusLine", "getStatusCode"),
                Reference.method(MESSAGE, "removeHeaders", "java.lang.String"),
                Reference.method(MESSAGE, "addHeader", "java.lang.String", "java.lang.String"));
    }
}
