package dev.weft.instrumentation.servlet.jakarta;

import dev.weft.bootstrap.HttpSpans;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import net.bytebuddy.asm.Advice;

import java.util.Collections;

/**
 * Inlined into the container's classes: names only the Servlet API, the JDK and bootstrap classes.
 *
 * <p>A request that goes asynchronous ({@code startAsync}) keeps its span open in a request
 * attribute when {@code service} returns: the container dispatches it back (Spring MVC's
 * {@code CompletableFuture}, {@code DeferredResult}) and the span ends when that dispatch returns,
 * or the application calls {@code AsyncContext.complete()} ({@link AsyncCompleteAdvice}).
 */
public final class RequestAdvice {

    /**
     * The open span of an asynchronous request; read by {@link AsyncCompleteAdvice} too. Constants:
     * javac copies them into the advice, so the inlined code names no class of this module.
     */
    static final String PENDING_SPAN = "dev.weft.server-span";
    /** Set when the application completed an asynchronous request inside a dispatch. */
    static final String ASYNC_COMPLETED = "dev.weft.async-completed";
    /**
     * Set when a request's span has ended: the container's error page dispatch that may follow
     * (Spring Boot's {@code /error}) is the same request, not a second one.
     */
    static final String SERVED = "dev.weft.served";
    /** Where Spring MVC puts the pattern it matched, relative to the DispatcherServlet's mapping. */
    static final String SPRING_MVC_PATTERN = "org.springframework.web.servlet.HandlerMapping.bestMatchingPattern";

    private RequestAdvice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class)
    static Object enter(@Advice.Argument(0) ServletRequest request) {
        if (!(request instanceof HttpServletRequest)) {
            return null;
        }
        Object pending = request.getAttribute(PENDING_SPAN);
        if (pending != null) {
            // An asynchronous request dispatched back: its span goes on here, and a second advice
            // inside this one finds the attribute gone and the span current.
            request.removeAttribute(PENDING_SPAN);
            HttpSpans.serverResume(pending);
            return pending;
        }
        if (request.getAttribute(SERVED) != null) {
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
    static void exit(@Advice.Enter Object span, @Advice.Argument(0) ServletRequest request,
                     @Advice.Argument(1) ServletResponse response, @Advice.Thrown Throwable thrown) {
        if (span == null) {
            return;
        }
        Object pattern = request.getAttribute(SPRING_MVC_PATTERN);
        if (pattern != null) {
            HttpServletRequest http = (HttpServletRequest) request;
            String servletPrefix = "";
            if (http.getServletContext().getMajorVersion() >= 4) {
                try {
                    String mapping = http.getHttpServletMapping().getPattern();
                    servletPrefix = mapping.endsWith("/*") ? mapping.substring(0, mapping.length() - 2) : "";
                } catch (RuntimeException | LinkageError noMapping) {
                    servletPrefix = "";
                }
            }
            HttpSpans.serverRoute(span, http.getContextPath() + servletPrefix + pattern);
        }
        if (thrown == null && request.isAsyncStarted() && request.getAttribute(ASYNC_COMPLETED) == null) {
            request.setAttribute(PENDING_SPAN, span);
            HttpSpans.serverSuspend(span);
            return;
        }
        request.setAttribute(SERVED, Boolean.TRUE);
        int status = response instanceof HttpServletResponse ? ((HttpServletResponse) response).getStatus() : 0;
        HttpSpans.serverEnd(span, thrown != null ? 0 : status, thrown);
    }
}
