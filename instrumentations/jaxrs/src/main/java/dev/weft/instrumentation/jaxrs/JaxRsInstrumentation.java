package dev.weft.instrumentation.jaxrs;

import dev.weft.instrumentation.api.BuiltInInstrumentation;
import dev.weft.instrumentation.api.ClassLoaderMatchers;
import dev.weft.instrumentation.api.MethodAdvice;
import dev.weft.instrumentation.api.Reference;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

import java.util.List;

import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isAnnotatedWith;
import static net.bytebuddy.matcher.ElementMatchers.isInterface;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.not;

/**
 * The route of a request served by a JAX-RS resource (Jersey, RESTEasy, any implementation;
 * {@code jakarta.ws.rs} and {@code javax.ws.rs}): its class's {@code @Path} and its method's, put
 * after where the server handed the request over (the servlet's mapping), e.g.
 * {@code /api/vets/{vetId}}. It names the route of the SERVER span the servlet or HTTP server
 * instrumentation opened; it opens no span of its own.
 */
public final class JaxRsInstrumentation implements BuiltInInstrumentation {

    private static final String[] PATH = {"jakarta.ws.rs.Path", "javax.ws.rs.Path"};
    private static final String[] HTTP_METHODS = {
            "jakarta.ws.rs.GET", "jakarta.ws.rs.POST", "jakarta.ws.rs.PUT", "jakarta.ws.rs.DELETE",
            "jakarta.ws.rs.PATCH", "jakarta.ws.rs.HEAD", "jakarta.ws.rs.OPTIONS",
            "javax.ws.rs.GET", "javax.ws.rs.POST", "javax.ws.rs.PUT", "javax.ws.rs.DELETE",
            "javax.ws.rs.PATCH", "javax.ws.rs.HEAD", "javax.ws.rs.OPTIONS"};

    @Override
    public String name() {
        return "jaxrs";
    }

    /** Root resources: classes annotated {@code @Path}. */
    @Override
    public ElementMatcher<? super TypeDescription> typeMatcher() {
        return not(isInterface()).and(isAnnotatedWith(namedOneOf(PATH)));
    }

    /** A class annotated {@code @Path} names the annotation in its class file. */
    @Override
    public List<String> classFileMentions() {
        return List.of("Ljakarta/ws/rs/Path;", "Ljavax/ws/rs/Path;");
    }

    @Override
    public ElementMatcher<? super ClassLoader> classLoaderMatcher() {
        ElementMatcher<ClassLoader> jakarta = ClassLoaderMatchers.canSee(PATH[0]);
        ElementMatcher<ClassLoader> javax = ClassLoaderMatchers.canSee(PATH[1]);
        return loader -> jakarta.matches(loader) || javax.matches(loader);
    }

    @Override
    public List<MethodAdvice> advice() {
        return List.of(MethodAdvice.on(isAnnotatedWith(namedOneOf(HTTP_METHODS)).and(not(isAbstract())),
                "dev.weft.instrumentation.jaxrs.ResourceAdvice"));
    }

    /** The advice names only {@link java.lang.reflect.Method} and a bootstrap class. */
    @Override
    public List<Reference> references() {
        return List.of();
    }
}
