package dev.weft.instrumentation.servlet.jakarta;

import dev.weft.instrumentation.api.BuiltInInstrumentation;
import dev.weft.instrumentation.api.ClassLoaderMatchers;
import dev.weft.instrumentation.api.MethodAdvice;
import dev.weft.instrumentation.api.Reference;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

import java.util.List;

import static net.bytebuddy.matcher.ElementMatchers.declaresMethod;
import static net.bytebuddy.matcher.ElementMatchers.hasSuperType;
import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isDeclaredBy;
import static net.bytebuddy.matcher.ElementMatchers.isInterface;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

/**
 * A SERVER span per request of a servlet container: around the filter chain and the servlet,
 * whichever the container calls first (a second one inside opens no second span). The route is
 * the pattern Spring MVC matched when it did, else the context path plus the servlet mapping's
 * pattern (Servlet 4+), else the servlet path: never the raw URL. A request that goes
 * asynchronous ends its span when its response completes ({@code AsyncContext.complete}, or the
 * return of the dispatch back), not when {@code service} returns.
 *
 * <p><b>One source, two APIs.</b> This module is written for {@code jakarta.servlet} (Servlet 5+).
 * The {@code servlet-javax} module has no source of its own: its jar is this one passed through
 * maven-shade, which renames {@code jakarta.servlet} to {@code javax.servlet} and this package to
 * {@code dev.weft.instrumentation.servlet.javax} everywhere: in the class files, in string constants
 * that begin with either name, and in the {@code META-INF/services} file. So each name below is
 * written out whole, beginning with the API's package; a name pieced together at run time would
 * escape the renaming. Servlet 4.0 ({@code javax}) and 5+ ({@code jakarta}) have the same methods
 * here, {@code getHttpServletMapping} included.
 */
public final class ServletInstrumentation implements BuiltInInstrumentation {

    /** {@code javax.servlet} in the renamed copy. */
    private static final String API = "jakarta.servlet";
    private static final String SERVLET = "jakarta.servlet.Servlet";
    private static final String FILTER_CHAIN = "jakarta.servlet.FilterChain";
    private static final String ASYNC_CONTEXT = "jakarta.servlet.AsyncContext";
    private static final String REQUEST = "jakarta.servlet.ServletRequest";
    private static final String RESPONSE = "jakarta.servlet.ServletResponse";
    private static final String HTTP_REQUEST = "jakarta.servlet.http.HttpServletRequest";
    private static final String HTTP_RESPONSE = "jakarta.servlet.http.HttpServletResponse";
    private static final String ADVICE = "dev.weft.instrumentation.servlet.jakarta.RequestAdvice";
    private static final String COMPLETE_ADVICE = "dev.weft.instrumentation.servlet.jakarta.AsyncCompleteAdvice";

    @Override
    public String name() {
        return API.startsWith("javax.") ? "servlet-javax" : "servlet-jakarta";
    }

    @Override
    public String group() {
        return "servlet";
    }

    @Override
    public ElementMatcher<? super TypeDescription> typeMatcher() {
        // A class that declares none of the advised methods is dismissed before its hierarchy is
        // walked: the walk reads every super type's class file, for each class of the loader.
        return not(isInterface()).and(declaresMethod(namedOneOf("doFilter", "service", "complete")))
                .and(hasSuperType(named(SERVLET).or(named(FILTER_CHAIN)).or(named(ASYNC_CONTEXT))));
    }

    /**
     * A class that declares {@code doFilter} or {@code service} of the Servlet API holds their
     * descriptor; one that implements {@code AsyncContext} names it. Built from the constants
     * above, so the renamed copy looks for {@code javax} names.
     */
    @Override
    public List<String> classFileMentions() {
        return List.of("(L" + REQUEST.replace('.', '/') + ";L" + RESPONSE.replace('.', '/') + ";)V",
                ASYNC_CONTEXT.replace('.', '/'));
    }

    /** The hierarchy is worth reading only in loaders that see the Servlet API. */
    @Override
    public ElementMatcher<? super ClassLoader> classLoaderMatcher() {
        return ClassLoaderMatchers.canSee(SERVLET);
    }

    /** Names and arities first, the declaring type's hierarchy last: it is the costly test. */
    @Override
    public List<MethodAdvice> advice() {
        return List.of(
                MethodAdvice.on(named("doFilter").and(takesArguments(2)).and(takesArgument(0, named(REQUEST)))
                        .and(isDeclaredBy(hasSuperType(named(FILTER_CHAIN)))), ADVICE),
                MethodAdvice.on(named("service").and(takesArguments(2)).and(not(isAbstract()))
                        .and(takesArgument(0, named(REQUEST))).and(isDeclaredBy(hasSuperType(named(SERVLET)))), ADVICE),
                MethodAdvice.on(named("complete").and(takesArguments(0)).and(not(isAbstract()))
                        .and(isDeclaredBy(hasSuperType(named(ASYNC_CONTEXT)))), COMPLETE_ADVICE));
    }

    /** {@code getHttpServletMapping} is not one: the advice asks for it only of a Servlet 4.0+ container. */
    @Override
    public List<Reference> references() {
        return List.of(
                Reference.type(REQUEST),
                Reference.type(RESPONSE),
                Reference.method(HTTP_REQUEST, "getMethod"),
                Reference.method(HTTP_REQUEST, "getRequestURI"),
                Reference.method(HTTP_REQUEST, "getContextPath"),
                Reference.method(HTTP_REQUEST, "getServletPath"),
                Reference.method(REQUEST, "getServletContext"),
                Reference.method("jakarta.servlet.ServletContext", "getMajorVersion"),
                Reference.method(HTTP_REQUEST, "getHeaders", "java.lang.String"),
                Reference.method(HTTP_RESPONSE, "getStatus"),
                Reference.method(REQUEST, "isAsyncStarted"),
                Reference.method(REQUEST, "getAttribute", "java.lang.String"),
                Reference.method(REQUEST, "setAttribute", "java.lang.String", "java.lang.Object"),
                Reference.method(REQUEST, "removeAttribute", "java.lang.String"),
                Reference.method(ASYNC_CONTEXT, "getRequest"),
                Reference.method(ASYNC_CONTEXT, "getResponse"));
    }
}
