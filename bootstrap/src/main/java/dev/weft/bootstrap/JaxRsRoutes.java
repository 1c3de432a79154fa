package dev.weft.bootstrap;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The route template of a JAX-RS resource method: its class's {@code @Path} and its own, joined
 * ({@code /vets} + {@code {vetId}} is {@code /vets/{vetId}}). Read from the annotations by name, so
 * {@code jakarta.ws.rs} and {@code javax.ws.rs} alike, and kept per method: a request costs a map
 * lookup. The cache hangs off each class ({@link ClassValue}), so it never keeps a class loader alive.
 */
public final class JaxRsRoutes {

    private static final ClassValue<Map<Method, String>> ROUTES = new ClassValue<>() {
        @Override
        protected Map<Method, String> computeValue(Class<?> type) {
            return new ConcurrentHashMap<>();
        }
    };

    private JaxRsRoutes() {
    }

    /** Names the route of {@code method} on the request this thread serves. */
    public static void entered(Method method) {
        if (method != null) {
            HttpSpans.currentServerSubRoute(ROUTES.get(method.getDeclaringClass()).computeIfAbsent(method, JaxRsRoutes::of));
        }
    }

    static String of(Method method) {
        String route = join(path(method.getDeclaringClass().getAnnotations()), path(method.getAnnotations()));
        return route.isEmpty() ? "/" : route;
    }

    private static String path(Annotation[] annotations) {
        for (Annotation annotation : annotations) {
            String name = annotation.annotationType().getName();
            if (name.equals("jakarta.ws.rs.Path") || name.equals("javax.ws.rs.Path")) {
                try {
                    return String.valueOf(annotation.annotationType().getMethod("value").invoke(annotation));
                } catch (ReflectiveOperationException | RuntimeException e) {
                    return "";
                }
            }
        }
        return "";
    }

    /** Each part with one leading {@code /} and no trailing one. */
    private static String join(String... parts) {
        StringBuilder route = new StringBuilder();
        for (String part : parts) {
            String trimmed = part.strip();
            while (trimmed.startsWith("/")) {
                trimmed = trimmed.substring(1);
            }
            while (trimmed.endsWith("/")) {
                trimmed = trimmed.substring(0, trimmed.length() - 1);
            }
            if (!trimmed.isEmpty()) {
                route.append('/').append(trimmed);
            }
        }
        return route.toString();
    }
}
