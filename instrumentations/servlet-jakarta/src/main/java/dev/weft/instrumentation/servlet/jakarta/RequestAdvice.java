package dev.weft.instrumentation.servlet.jakarta;

import dev.weft.bootstrap.HttpSpans;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import net.bytebuddy.asm.Advice;

import java.util.Collections;

/** Inlined into the container's classes: names only the Servlet API, the JDK and bootstrap classes. */
public final class RequestAdvice {

    private RequestAdvice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class)
    static Object enter(@Advice.Argument(0) ServletRequest request) {
        if (!(request instanceof HttpServletRequest)) {
            return null;
        }
        HttpServletRequest http = (HttpServletRequest) request;
        String route = null;
        // The mapping's pattern is Servlet 4.0's: asked only of a container that says it has it, as
        // the call would throw a NoSuchMethodError on every request of an older one.
        if (http.getServletContext().getMajorVersion() >= 4) {
            try {
                route = http.getContextPath() + http.getHttpServletMapping().getPattern();
            } catch (RuntimeException | LinkageError noMapping) {
                route = null;
            }
        }
        if (route == null) {
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
