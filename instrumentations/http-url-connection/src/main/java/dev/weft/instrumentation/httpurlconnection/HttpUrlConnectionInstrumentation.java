package dev.weft.instrumentation.httpurlconnection;

import dev.weft.instrumentation.api.BuiltInInstrumentation;
import dev.weft.instrumentation.api.MethodAdvice;
import dev.weft.instrumentation.api.Reference;
import dev.weft.instrumentation.api.TypeNames;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

import java.util.List;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

/**
 * A CLIENT span per request of the JDK's {@code HttpURLConnection}, with exactly one
 * {@code traceparent} sent (see {@code UrlConnectionSpans}). HTTPS too: its connection delegates
 * to a subclass of the same class, whose {@code connect} is its own.
 */
public final class HttpUrlConnectionInstrumentation implements BuiltInInstrumentation {

    static final String CONNECTION = "sun.net.www.protocol.http.HttpURLConnection";
    static final String HTTPS_CONNECTION = "sun.net.www.protocol.https.AbstractDelegateHttpsURLConnection";
    private static final String ADVICE = "dev.weft.instrumentation.httpurlconnection.";

    @Override
    public String name() {
        return "http-url-connection";
    }

    @Override
    public ElementMatcher<? super TypeDescription> typeMatcher() {
        return TypeNames.of(CONNECTION, HTTPS_CONNECTION);
    }

    @Override
    public List<MethodAdvice> advice() {
        return List.of(
                MethodAdvice.on(namedOneOf("connect", "getOutputStream").and(takesArguments(0)), ADVICE + "SendAdvice"),
                MethodAdvice.on(named("getInputStream").and(takesArguments(0)), ADVICE + "ResponseAdvice"));
    }

    /** The advice reads the fields {@code connected} and {@code responseCode} of the connection it is in. */
    @Override
    public List<Reference> references() {
        return List.of(Reference.type("java.net.HttpURLConnection"));
    }
}
