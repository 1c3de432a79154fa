package dev.weft.instrumentation.okhttp;

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
 * One OkHttp version in a class loader of its own (its jars from {@code target/test-libs/<version>}),
 * with the test's {@code Driver} copied in beside it, as an application holds it. The test's loader
 * sees neither, so the driver is called reflectively.
 */
final class OkHttpLibrary implements AutoCloseable {

    static final String DRIVER = "dev.weft.instrumentation.okhttp.driver.Driver";

    private final URLClassLoader loader;
    private final Class<?> driverClass;

    OkHttpLibrary(String version) {
        Path libs = Path.of(System.getProperty("weft.test.okhttp.libs")).resolve(version);
        TestLoaders loaders = TestLoaders.named(version + "-app");
        try (Stream<Path> jars = Files.list(libs)) {
            List<Path> all = jars.filter(p -> p.toString().endsWith(".jar")).sorted().toList();
            if (all.isEmpty()) {
                throw new IllegalStateException("no jars in " + libs);
            }
            all.forEach(loaders::jar);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        loader = loaders.copy(DRIVER).copy(DRIVER + "$Done").build();
        try {
            driverClass = Class.forName(DRIVER, true, loader);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }

    ClassLoader loader() {
        return loader;
    }

    /** A new driver: {@code new Driver()}, or a static factory of it. */
    Object driver(String factory) throws Throwable {
        return factory == null ? driverClass.getConstructor().newInstance() : invoke(null, factory);
    }

    /** Calls the driver's public method of that name and arity; what it throws is thrown as is. */
    Object invoke(Object driver, String name, Object... args) throws Throwable {
        for (Method method : driverClass.getMethods()) {
            if (method.getName().equals(name) && method.getParameterCount() == args.length) {
                try {
                    return method.invoke(driver, args);
                } catch (InvocationTargetException e) {
                    throw e.getCause();
                }
            }
        }
        throw new NoSuchMethodError(DRIVER + "." + name + " with " + args.length + " arguments");
    }

    @Override
    public void close() throws IOException {
        loader.close();
    }
}
