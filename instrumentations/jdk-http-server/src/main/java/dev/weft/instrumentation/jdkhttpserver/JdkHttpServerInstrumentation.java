package dev.weft.instrumentation.jdkhttpserver;

import com.sun.net.httpserver.HttpExchange;
import dev.weft.bootstrap.HttpSpans;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

/**
 * A SERVER span around each exchange of the JDK HTTP server, continuing the caller's W3C trace.
 * The hook is the server's link from its own filters to the application's: it runs once per
 * exchange, whatever the handler is (a class, a lambda), and around the application's filters too.
 * The route is the path of the context the request matched, never the raw URL.
 */
public final class JdkHttpServerInstrumentation {

    static final String LINK_HANDLER = "sun.net.httpserver.ServerImpl$Exchange$LinkHandler";

    private JdkHttpServerInstrumentation() {
    }

    public static AgentBuilder apply(AgentBuilder builder) {
        return builder.type(named(LINK_HANDLER)).transform((b, type, loader, module, domain) -> b
                .visit(Advice.to(ExchangeAdvice.class).on(named("handle").and(takesArguments(1)))));
    }

    /** Inlined into the server: names only JDK and bootstrap classes. */
    public static final class ExchangeAdvice {

        private ExchangeAdvice() {
        }

        @Advice.OnMethodEnter(suppress = Throwable.class)
        static Object enter(@Advice.Argument(0) HttpExchange exchange) {
            return HttpSpans.serverStart(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                    exchange.getHttpContext().getPath(),
                    exchange.getRequestHeaders().get(HttpSpans.TRACEPARENT),
                    exchange.getRequestHeaders().get(HttpSpans.TRACESTATE));
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        static void exit(@Advice.Enter Object span, @Advice.Argument(0) HttpExchange exchange,
                         @Advice.Thrown Throwable thrown) {
            HttpSpans.serverEnd(span, exchange.getResponseCode(), thrown);
        }
    }
}
