package dev.weft.instrumentation.jaxrs;

import dev.weft.bootstrap.JaxRsRoutes;
import net.bytebuddy.asm.Advice;

import java.lang.reflect.Method;

/** Inlined into resource methods: names the request's route from the method's annotations. */
public final class ResourceAdvice {

    private ResourceAdvice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class)
    static void enter(@Advice.Origin Method method) {
        JaxRsRoutes.entered(method);
    }
}
