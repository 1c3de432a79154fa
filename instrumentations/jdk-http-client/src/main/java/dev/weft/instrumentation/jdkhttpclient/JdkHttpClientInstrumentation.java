package dev.weft.instrumentation.jdkhttpclient;

import dev.weft.bootstrap.HttpSpans;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;

import java.net.http.HttpRequest;
import java.util.concurrent.CompletableFuture;

import static net.bytebuddy.matcher.ElementMatchers.isPrivate;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

/**
 * A CLIENT span per request of {@code java.net.http.HttpClient}, sync and async. Every send goes
 * through one private {@code sendAsync} of the implementation, so that is the hook: the request is
 * rebuilt with exactly one {@code traceparent}, and the span ends when the response future does.
 */
public final class JdkHttpClientInstrumentation {

    static final String CLIENT = "jdk.internal.net.http.HttpClientImpl";

    private JdkHttpClientInstrumentation() {
    }

    public static AgentBuilder apply(AgentBuilder builder) {
        return builder.type(named(CLIENT)).transform((b, type, loader, module, domain) -> b
                .visit(Advice.to(SendAdvice.class).on(named("sendAsync").and(isPrivate()).and(takesArguments(4)))));
    }

    /** Inlined into the client: names only JDK and bootstrap classes. */
    public static final class SendAdvice {

        private SendAdvice() {
        }

        @Advice.OnMethodEnter(suppress = Throwable.class)
        static Object enter(@Advice.Argument(value = 0, readOnly = false) HttpRequest request) {
            Object span = HttpSpans.clientStart(request.method(), request.uri().toString());
            String traceparent = HttpSpans.clientHeader(span, HttpSpans.TRACEPARENT);
            if (traceparent != null) {
                HttpRequest.Builder traced = HttpRequest.newBuilder(request, HttpSpans.NOT_TRACE_HEADERS)
                        .header(HttpSpans.TRACEPARENT, traceparent);
                String tracestate = HttpSpans.clientHeader(span, HttpSpans.TRACESTATE);
                if (tracestate != null) {
                    traced.header(HttpSpans.TRACESTATE, tracestate);
                }
                request = traced.build();
            }
            return span;
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        static void exit(@Advice.Enter Object span, @Advice.Thrown Throwable thrown,
                         @Advice.Return(readOnly = false) CompletableFuture<Object> response) {
            if (span == null) {
                return;
            }
            if (thrown != null || response == null) {
                HttpSpans.clientEnd(span, 0, thrown);
            } else {
                response = response.whenComplete(HttpSpans.ender(span));
            }
        }
    }
}
