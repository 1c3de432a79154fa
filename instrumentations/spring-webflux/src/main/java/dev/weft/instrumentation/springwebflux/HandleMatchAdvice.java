package dev.weft.instrumentation.springwebflux;

import dev.weft.bootstrap.HttpSpans;
import net.bytebuddy.asm.Advice;
import org.springframework.web.server.ServerWebExchange;

/** Inlined into Spring's handler mapping: names only Spring's exchange and a bootstrap class. */
public final class HandleMatchAdvice {

    /** {@code HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE} of {@code org.springframework.web.reactive}. */
    static final String PATTERN = "org.springframework.web.reactive.HandlerMapping.bestMatchingPattern";

    private HandleMatchAdvice() {
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(@Advice.Argument(2) ServerWebExchange exchange) {
        Object pattern = exchange.getAttributes().get(PATTERN);
        if (pattern != null) {
            HttpSpans.currentServerRoute(pattern.toString());
        }
    }
}
