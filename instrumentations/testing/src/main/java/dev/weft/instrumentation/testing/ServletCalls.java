package dev.weft.instrumentation.testing;

import net.bytebuddy.ByteBuddy;
import net.bytebuddy.dynamic.loading.ClassLoadingStrategy;
import net.bytebuddy.implementation.MethodCall;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static net.bytebuddy.matcher.ElementMatchers.named;

/**
 * Calls a servlet the way a container does, in a class loader that holds the Servlet API, with
 * requests and responses that are {@link Proxy proxies} of the API's interfaces. The servlet is an
 * {@code HttpServlet} whose {@code doGet} sets a status; the container's {@code service} method of
 * {@code HttpServlet} is what the servlet instrumentation weaves.
 *
 * <p>The same code serves {@code javax.servlet} and {@code jakarta.servlet}: types are looked up by
 * name under the API's package.
 */
public final class ServletCalls {

    private final ClassLoader loader;
    private final String api;
    private final Class<?> request;
    private final Class<?> response;
    private final Class<?> mapping;
    private final Class<?> context;
    private int mappingCalls;
    private final Object servlet;
    private final Method service;

    /**
     * @param loader a loader holding the API (see {@link TestLoaders})
     * @param api    {@code javax.servlet} or {@code jakarta.servlet}
     * @param status the status the servlet's {@code doGet} sets
     */
    public ServletCalls(ClassLoader loader, String api, int status) throws ReflectiveOperationException {
        this.loader = loader;
        this.api = api;
        this.request = loader.loadClass(api + ".http.HttpServletRequest");
        this.response = loader.loadClass(api + ".http.HttpServletResponse");
        this.mapping = loader.loadClass(api + ".http.HttpServletMapping");
        this.context = loader.loadClass(api + ".ServletContext");
        Class<?> httpServlet = loader.loadClass(api + ".http.HttpServlet");
        Class<?> servletClass = new ByteBuddy()
                .subclass(httpServlet)
                .name("fixture.ItemsServlet")
                .method(named("doGet"))
                .intercept(MethodCall.invoke(response.getMethod("setStatus", int.class)).onArgument(1).with(status))
                .make()
                .load(loader, ClassLoadingStrategy.Default.WRAPPER)
                .getLoaded();
        this.servlet = servletClass.getConstructor().newInstance();
        this.service = servletClass.getMethod("service", loader.loadClass(api + ".ServletRequest"),
                loader.loadClass(api + ".ServletResponse"));
    }

    /**
     * {@code servlet.service(request, response)} for a GET. With a {@code null} pattern the container
     * is one from before Servlet 4.0: its servlet context says major version 3, and asking the request
     * for its mapping throws {@code NoSuchMethodError}, as a call to a method its API lacks would.
     *
     * @return the status the response ended with
     */
    public int get(String contextPath, String servletPath, String pattern, String uri, Map<String, String> headers)
            throws Throwable {
        Map<String, String> byName = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        byName.putAll(headers);
        Object theMapping = proxy(mapping, (name, args) -> name.equals("getPattern") ? pattern : null);
        Object theContext = proxy(context, (name, args) -> name.equals("getMajorVersion") ? (pattern == null ? 3 : 4) : null);
        Object theRequest = proxy(request, (name, args) -> switch (name) {
            case "getMethod" -> "GET";
            case "getRequestURI" -> uri;
            case "getContextPath" -> contextPath;
            case "getServletPath" -> servletPath;
            case "getServletContext" -> theContext;
            case "getHttpServletMapping" -> {
                mappingCalls++;
                if (pattern == null) {
                    throw new NoSuchMethodError(api + ".http.HttpServletRequest.getHttpServletMapping()");
                }
                yield theMapping;
            }
            case "getProtocol" -> "HTTP/1.1";
            case "getHeader" -> byName.get((String) args[0]);
            case "getHeaders" -> Collections.enumeration(byName.containsKey((String) args[0])
                    ? List.of(byName.get((String) args[0])) : List.of());
            case "getHeaderNames" -> Collections.enumeration(byName.keySet());
            default -> null;
        });
        int[] status = {200};
        Object theResponse = proxy(response, (name, args) -> {
            if (name.equals("setStatus")) {
                status[0] = (Integer) args[0];
            }
            return name.equals("getStatus") ? status[0] : null;
        });
        try {
            service.invoke(servlet, theRequest, theResponse);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
        return status[0];
    }

    /** How often the requests were asked for their servlet mapping. */
    public int mappingCalls() {
        return mappingCalls;
    }

    public String api() {
        return api;
    }

    public ClassLoader loader() {
        return loader;
    }

    private interface Answer {
        Object answer(String method, Object[] args);
    }

    private Object proxy(Class<?> type, Answer answer) {
        InvocationHandler handler = (proxy, method, args) -> {
            switch (method.getName()) {
                case "toString":
                    return type.getSimpleName() + " proxy";
                case "hashCode":
                    return System.identityHashCode(proxy);
                case "equals":
                    return proxy == args[0];
                default:
                    Object value = answer.answer(method.getName(), args);
                    return value != null ? value : zero(method.getReturnType());
            }
        };
        return Proxy.newProxyInstance(loader, new Class<?>[]{type}, handler);
    }

    private static Object zero(Class<?> type) {
        if (type == boolean.class) {
            return false;
        }
        if (type == int.class) {
            return 0;
        }
        if (type == long.class) {
            return 0L;
        }
        return null;
    }
}
