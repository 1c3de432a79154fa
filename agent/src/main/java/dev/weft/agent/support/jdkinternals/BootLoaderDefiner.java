package dev.weft.agent.support.jdkinternals;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.security.ProtectionDomain;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Defines classes in the bootstrap class loader with the JDK's internal {@code Unsafe}.
 *
 * <p>It runs only in Weft's module of JDK internals ({@code JdkInternals}), to which alone
 * {@code jdk.internal.misc} is exported: the application's code, which shares Weft's unnamed
 * module, gains no access to it.
 */
public final class BootLoaderDefiner implements Consumer<Map<String, byte[]>> {

    /** A provider's constructor is public; the package stays closed to every other module. */
    public BootLoaderDefiner() {
    }

    /** Defines every class of {@code classes} (name to class file) in the bootstrap loader. */
    @Override
    public void accept(Map<String, byte[]> classes) {
        try {
            define(classes);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e.getCause() != null ? e.getCause() : e);
        }
    }

    private static void define(Map<String, byte[]> classes) throws ReflectiveOperationException {
        Class<?> unsafeClass = Class.forName("jdk.internal.misc.Unsafe");
        Object unsafe = unsafeClass.getMethod("getUnsafe").invoke(null);
        Method define = unsafeClass.getMethod("defineClass", String.class, byte[].class, int.class, int.class,
                ClassLoader.class, ProtectionDomain.class);
        // A class is defined after the bootstrap types it extends or implements: the boot loader
        // cannot find them any other way. One that fails for want of another is tried again.
        Map<String, byte[]> left = new LinkedHashMap<>(classes);
        while (!left.isEmpty()) {
            int before = left.size();
            InvocationTargetException lastFailure = null;
            for (Iterator<Map.Entry<String, byte[]>> it = left.entrySet().iterator(); it.hasNext(); ) {
                Map.Entry<String, byte[]> entry = it.next();
                byte[] bytes = entry.getValue();
                try {
                    define.invoke(unsafe, entry.getKey(), bytes, 0, bytes.length, null, null);
                    it.remove();
                } catch (InvocationTargetException e) {
                    if (!(e.getCause() instanceof NoClassDefFoundError)) {
                        throw e;
                    }
                    lastFailure = e;
                }
            }
            if (left.size() == before) {
                throw lastFailure;
            }
        }
    }
}
