package dev.weft.instrumentation.kotlinxcoroutines;

import dev.weft.instrumentation.testing.RecordedSpan;
import dev.weft.instrumentation.testing.TestLoaders;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * One kotlinx-coroutines version and its Kotlin in a class loader of their own, with the test's
 * {@code Driver} copied in beside them, as an application holds them. The test's loader sees none
 * of it, so the driver is called reflectively.
 */
final class CoroutinesLibrary implements AutoCloseable {

    static final String DRIVER = "dev.weft.instrumentation.kotlinxcoroutines.driver.Driver";

    private final URLClassLoader loader;
    private final Class<?> driver;

    /** @param jars the library's jars; {@code name} names the loader in status lines */
    CoroutinesLibrary(String name, List<Path> jars) {
        TestLoaders loaders = TestLoaders.named(name);
        jars.forEach(loaders::jar);
        loader = loaders.copy(DRIVER).build();
        try {
            driver = Class.forName(DRIVER, true, loader);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The jars of {@code target/test-libs/coroutines-<version>}. */
    static List<Path> jars(String version) {
        Path folder = Path.of(System.getProperty("weft.test.coroutines.libs")).resolve("coroutines-" + version);
        try (Stream<Path> files = Files.list(folder)) {
            List<Path> jars = files.filter(p -> p.toString().endsWith(".jar")).sorted().toList();
            if (jars.isEmpty()) {
                throw new IllegalStateException("no jars in " + folder);
            }
            return jars;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    ClassLoader loader() {
        return loader;
    }

    /** Calls the driver's static method of that name and arity; what it throws is thrown as is. */
    Object invoke(String name, Object... args) throws Throwable {
        for (Method method : driver.getMethods()) {
            if (method.getName().equals(name) && method.getParameterCount() == args.length) {
                try {
                    return method.invoke(null, args);
                } catch (InvocationTargetException e) {
                    throw e.getCause();
                }
            }
        }
        throw new NoSuchMethodError(DRIVER + "." + name + " with " + args.length + " arguments");
    }

    /** A step the driver noted: where it ran and in which trace ({@code null}: none). */
    record Step(String name, String thread, String trace) {

        static Step of(Object noted) {
            Object[] step = (Object[]) noted;
            RecordedSpan.Context context = (RecordedSpan.Context) step[2];
            return new Step((String) step[0], (String) step[1], context == null ? null : context.traceId());
        }

        @SuppressWarnings("unchecked")
        static List<Step> all(Object noted) {
            return ((List<Object>) noted).stream().map(Step::of).toList();
        }
    }

    @Override
    public void close() throws IOException {
        loader.close();
    }
}
