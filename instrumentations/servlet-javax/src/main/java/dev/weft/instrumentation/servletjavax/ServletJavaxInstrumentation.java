package dev.weft.instrumentation.servletjavax;

import dev.weft.bootstrap.HttpSpans;
import javax.servlet.ServletRequest;
import javax.servlet.ServletResponse;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;

import static net.bytebuddy.matcher.ElementMatchers.hasSuperType;
import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isInterface;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

/**
 * A SERVER span per request of a servlet container (javax.servlet): around the filter chain and the
 * servlet, whichever the container calls first (a second one inside opens no second span). The
 * route is the context path plus the servlet mapping's pattern (Servlet 4+), else the servlet
 * path: never the raw URL.
 */
public final class ServletJavaxInstrumentation {

    static final String SERVLET = "javax.servlet.Servlet";
    static final String FILTER_CHAIN = "javax.servlet.FilterChain";

    private ServletJavaxInstrumentation() {
    }

    public static AgentBuilder apply(AgentBuilder builder) {
        return builder
                .type(implementing(FILTER_CHAIN), new CanLoad(FILTER_CHAIN))
                .transform((b, type, loader, module, domain) -> b.visit(Advice.to(RequestAdvice.class)
                        .on(named("doFilter").and(takesArguments(2)).and(takesArgument(0, named("javax.servlet.ServletRequest"))))))
                .type(implementing(SERVLET), new CanLoad(SERVLET))
                .transform((b, type, loader, module, domain) -> b.visit(Advice.to(RequestAdvice.class)
                        .on(named("service").and(takesArguments(2)).and(not(isAbstract()))
                                .and(takesArgument(0, named("javax.servlet.ServletRequest"))))));
    }

    private static ElementMatcher.Junction<TypeDescription> implementing(String type) {
        return not(isInterface()).and(hasSuperType(named(type)));
    }

    /** Only class loaders that see the Servlet API are worth matching super types in. */
    private static final class CanLoad implements ElementMatcher<ClassLoader> {
        private final String type;
        private final Map<ClassLoader, Boolean> seen = Collections.synchronizedMap(new WeakHashMap<>());

        CanLoad(String type) {
            this.type = type;
        }

        @Override
        public boolean matches(ClassLoader loader) {
            if (loader == null) {
                return false;
            }
            return seen.computeIfAbsent(loader, l -> {
                try {
                    Class.forName(type, false, l);
                    return true;
                } catch (ClassNotFoundException | LinkageError e) {
                    return false;
                }
            });
        }
    }

    /** Inlined into the container's classes: names only the Servlet API, the JDK and bootstrap classes. */
    public static final class RequestAdvice {

        private RequestAdvice() {
        }

        @Advice.OnMethodEnter(suppress = Throwable.class)
        static Object enter(@Advice.Argument(0) ServletRequest request) {
            if (!(request instanceof HttpServletRequest)) {
                return null;
            }
            HttpServletRequest http = (HttpServletRequest) request;
            String route;
            try {
                route = http.getContextPath() + http.getHttpServletMapping().getPattern();
            } catch (Throwable before40) {
                route = http.getContextPath() + http.getServletPath();
            }
            return HttpSpans.serverStart(http.getMethod(), http.getRequestURI(), route.isEmpty() ? "/" : route,
                    Collections.list(http.getHeaders(HttpSpans.TRACEPARENT)),
                    Collections.list(http.getHeaders(HttpSpans.TRACESTATE)));
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        static void exit(@Advice.Enter Object span, @Advice.Argument(1) ServletResponse response,
                         @Advice.Thrown Throwable thrown) {
            if (span != null) {
                int status = response instanceof HttpServletResponse ? ((HttpServletResponse) response).getStatus() : 0;
                HttpSpans.serverEnd(span, thrown != null ? 0 : status, thrown);
            }
        }
    }
}
