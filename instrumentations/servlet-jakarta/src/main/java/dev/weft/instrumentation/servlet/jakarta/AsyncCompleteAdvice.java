package dev.weft.instrumentation.servlet.jakarta;

import dev.weft.bootstrap.HttpSpans;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletResponse;
import net.bytebuddy.asm.Advice;

/**
 * {@code AsyncContext.complete()}: called outside a dispatch (the application wrote the response
 * from a thread of its own), the request is done and its open span ends here; called inside one,
 * the dispatch's own advice ends it on return, and is told so by an attribute.
 */
public final class AsyncCompleteAdvice {

    private AsyncCompleteAdvice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class)
    static void enter(@Advice.This AsyncContext async) {
        ServletRequest request = async.getRequest();
        Object pending = request.getAttribute(RequestAdvice.PENDING_SPAN);
        if (pending != null) {
            request.removeAttribute(RequestAdvice.PENDING_SPAN);
            ServletResponse response = async.getResponse();
            HttpSpans.serverEnd(pending, response instanceof HttpServletResponse
                    ? ((HttpServletResponse) response).getStatus() : 0, null);
        } else {
            request.setAttribute(RequestAdvice.ASYNC_COMPLETED, Boolean.TRUE);
        }
    }
}
