package dev.weft.instrumentation.springwebflux;

import dev.weft.instrumentation.api.BuiltInInstrumentation;
import dev.weft.instrumentation.api.ClassLoaderMatchers;
import dev.weft.instrumentation.api.MethodAdvice;
import dev.weft.instrumentation.api.Reference;
import dev.weft.instrumentation.api.TypeNames;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

import java.util.List;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

/**
 * The route of a request Spring WebFlux mapped to a handler method: the pattern it matched
 * ({@code /pets/{petId}}), which Spring puts in the exchange's attributes when it picks the
 * handler. It names the route of the SERVER span the HTTP server instrumentation (Reactor Netty)
 * opened, current while the handler is picked; it opens no span of its own.
 */
public final class SpringWebFluxInstrumentation implements BuiltInInstrumentation {

    private static final String MAPPING = "org.springframework.web.reactive.result.method.RequestMappingInfoHandlerMapping";
    private static final String EXCHANGE = "org.springframework.web.server.ServerWebExchange";

    @Override
    public String name() {
        return "spring-webflux";
    }

    @Override
    public ElementMatcher<? super TypeDescription> typeMatcher() {
        return TypeNames.of(MAPPING);
    }

    @Override
    public ElementMatcher<? super ClassLoader> classLoaderMatcher() {
        return ClassLoaderMatchers.canSee(MAPPING);
    }

    @Override
    public List<MethodAdvice> advice() {
        return List.of(MethodAdvice.on(named("handleMatch").and(takesArguments(3)).and(takesArgument(2, named(EXCHANGE))),
                "dev.weft.instrumentation.springwebflux.HandleMatchAdvice"));
    }

    @Override
    public List<Reference> references() {
        return List.of(Reference.method(EXCHANGE, "getAttributes"));
    }
}
