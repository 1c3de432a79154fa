package dev.weft.instrumentation.httpurlconnection;

import dev.weft.bootstrap.HttpSpans;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;

import java.net.HttpURLConnection;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

/**
 * A CLIENT span per request of the JDK's {@code HttpURLConnection} (HTTPS too: it delegates to the
 * same class), with exactly one {@code traceparent} sent. The span opens at the first call that
 * would send the request and closes when the response arrives (or the request fails).
 */
public final class HttpUrlConnectionInstrumentation {

    static final String CONNECTION = "sun.net.www.protocol.http.HttpURLConnection";

    private HttpUrlConnectionInstrumentation() {
    }

    public static AgentBuilder apply(AgentBuilder builder) {
        return builder.type(named(CONNECTION)).transform((b, type, loader, module, domain) -> b
                .visit(Advice.to(SendAdvice.class).on(named("connect").or(named("getOutputStream"))
                        .and(takesArguments(0))))
                .visit(Advice.to(ResponseAdvice.class).on(named("getInputStream").and(takesArguments(0)))));
    }

    /** Before the request goes out: open the span and set the trace headers, once per connection. */
    public static final class SendAdvice {

        private SendAdvice() {
        }

        @Advice.OnMethodEnter(suppress = Throwable.class)
        static void enter(@Advice.This HttpURLConnection connection, @Advice.FieldValue("connected") boolean connected) {
            HttpSpans.beforeSend(connection, connected);
        }
    }

    /** Reading the response: may be the first call (it sends the request), and ends the span. */
    public static final class ResponseAdvice {

        private ResponseAdvice() {
        }

        @Advice.OnMethodEnter(suppress = Throwable.class)
        static void enter(@Advice.This HttpURLConnection connection, @Advice.FieldValue("connected") boolean connected) {
            HttpSpans.beforeSend(connection, connected);
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        static void exit(@Advice.This HttpURLConnection connection, @Advice.FieldValue("responseCode") int status,
                         @Advice.Thrown Throwable thrown) {
            HttpSpans.connectionEnd(connection, status, status > 0 ? null : thrown);
        }
    }
}
