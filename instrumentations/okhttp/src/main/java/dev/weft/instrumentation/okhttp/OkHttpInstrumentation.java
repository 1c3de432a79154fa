package dev.weft.instrumentation.okhttp;

import dev.weft.instrumentation.api.BuiltInInstrumentation;
import dev.weft.instrumentation.api.MethodAdvice;
import dev.weft.instrumentation.api.Reference;
import dev.weft.instrumentation.api.TypeNames;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

import java.util.List;

import static net.bytebuddy.matcher.ElementMatchers.isDeclaredBy;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

/**
 * A CLIENT span per OkHttp 4 or 5 call, {@code execute()} and {@code enqueue(Callback)} alike, with
 * exactly one {@code traceparent} on every request that goes on the wire. OkHttp is Kotlin: its
 * {@code internal} members are public in the class files, with an {@code $okhttp} suffix.
 *
 * <ul>
 *   <li>{@code RealCall.execute()}: the span of a synchronous call, on the caller's thread, which
 *       is marked as inside it until the call returns or throws.</li>
 *   <li>{@code RealCall.enqueue(Callback)}: the span of an asynchronous call opens on the enqueuing
 *       thread, a child of its trace, and is kept for the call.</li>
 *   <li>{@code RealCall.getResponseWithInterceptorChain$okhttp()}: what {@code RealCall$AsyncCall.run()}
 *       calls on the dispatcher thread right before the callback. Entering, that thread takes the
 *       call's span and is marked with it; leaving, the span ends with the response's status or the
 *       failure the callback is about to get.</li>
 *   <li>{@code RealCall.noMoreExchanges$okhttp(IOException)}: an enqueued call the dispatcher's executor
 *       rejects gets {@code onFailure} without ever running; this is called with that exception just
 *       before, and ends the span if no thread took it.</li>
 *   <li>{@code Exchange.writeRequestHeaders(Request)}: every attempt that goes on the wire (retries
 *       and redirects of {@code RetryAndFollowUpInterceptor}, each {@code proceed} of an application
 *       interceptor) passes here after all interceptors, so its request is given the span's
 *       {@code traceparent}, replacing any the application set. The requests the application and its
 *       interceptors hold are never touched.</li>
 * </ul>
 *
 * <p>OkHttp 3 (Java) has {@code okhttp3.RealCall} instead. It is matched too, only so that a loader
 * with any OkHttp 3 is told about: it lacks the references, so it is skipped with one line, and
 * nothing of it is changed.
 *
 * <p>The agent jar relocates its own OkHttp (the OTLP gRPC export), so this module joins the jar in
 * a shade step of its own that leaves {@code okhttp3} alone (see the agent's {@code pom.xml}).
 */
public final class OkHttpInstrumentation implements BuiltInInstrumentation {

    static final String REAL_CALL = "okhttp3.internal.connection.RealCall";
    static final String EXCHANGE = "okhttp3.internal.connection.Exchange";
    /** OkHttp 3's call, never woven: see the class comment. */
    static final String OKHTTP3_CALL = "okhttp3.RealCall";
    private static final String CALL = "okhttp3.Call";
    private static final String CALLBACK = "okhttp3.Callback";
    private static final String REQUEST = "okhttp3.Request";
    private static final String BUILDER = "okhttp3.Request$Builder";
    private static final String STRING = "java.lang.String";
    private static final String IO_EXCEPTION = "java.io.IOException";

    private static final String ADVICE = "dev.weft.instrumentation.okhttp.";

    @Override
    public String name() {
        return "okhttp";
    }

    @Override
    public ElementMatcher<? super TypeDescription> typeMatcher() {
        return TypeNames.of(REAL_CALL, EXCHANGE, OKHTTP3_CALL);
    }

    @Override
    public List<MethodAdvice> advice() {
        return List.of(
                MethodAdvice.on(isDeclaredBy(namedOneOf(REAL_CALL, OKHTTP3_CALL)).and(named("execute")).and(takesArguments(0)),
                        ADVICE + "ExecuteAdvice"),
                MethodAdvice.on(in(REAL_CALL).and(named("enqueue")).and(takesArguments(1))
                        .and(takesArgument(0, named(CALLBACK))), ADVICE + "EnqueueAdvice"),
                MethodAdvice.on(in(REAL_CALL).and(named("getResponseWithInterceptorChain$okhttp")).and(takesArguments(0)),
                        ADVICE + "ChainAdvice"),
                MethodAdvice.on(in(REAL_CALL).and(named("noMoreExchanges$okhttp")).and(takesArguments(1))
                        .and(takesArgument(0, named(IO_EXCEPTION))), ADVICE + "NoMoreExchangesAdvice"),
                MethodAdvice.on(in(EXCHANGE).and(named("writeRequestHeaders")).and(takesArguments(1))
                        .and(takesArgument(0, named(REQUEST))), ADVICE + "RequestHeadersAdvice"));
    }

    /**
     * What the advice calls, and the internal methods it is woven into: were one of those missing
     * (another major version), a loader would get spans without headers, or spans that never end,
     * so the whole instrumentation is skipped there instead.
     */
    @Override
    public List<Reference> references() {
        return List.of(
                Reference.method(REAL_CALL, "execute"),
                Reference.method(REAL_CALL, "enqueue", CALLBACK),
                Reference.method(REAL_CALL, "getResponseWithInterceptorChain$okhttp"),
                Reference.method(REAL_CALL, "noMoreExchanges$okhttp", IO_EXCEPTION),
                Reference.method(EXCHANGE, "writeRequestHeaders", REQUEST),
                Reference.method(CALL, "request"),
                Reference.method(CALL, "isExecuted"),
                Reference.method(REQUEST, "method"),
                Reference.method(REQUEST, "url"),
                Reference.method(REQUEST, "newBuilder"),
                Reference.method(BUILDER, "header", STRING, STRING),
                Reference.method(BUILDER, "removeHeader", STRING),
                Reference.method(BUILDER, "build"),
                Reference.method("okhttp3.Response", "code"),
                Reference.type("okhttp3.HttpUrl"));
    }

    private static ElementMatcher.Junction<MethodDescription> in(String type) {
        return isDeclaredBy(named(type));
    }
}
