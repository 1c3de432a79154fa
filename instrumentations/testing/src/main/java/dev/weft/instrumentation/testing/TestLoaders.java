package dev.weft.instrumentation.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Class loaders that hold a library the test's own class loader (the agent's, in a service) does
 * not see: their parent is the platform loader, so they see the JDK and Weft's bootstrap classes,
 * their jars and classes, and nothing of the test class path. This is how a Spring Boot fat jar,
 * a WAR or an OSGi bundle holds its libraries.
 */
public final class TestLoaders {

    private final List<URL> urls = new ArrayList<>();
    private final Map<String, byte[]> classes = new LinkedHashMap<>();
    private final String name;

    private TestLoaders(String name) {
        this.name = name;
    }

    /** A loader to be made; {@code name} shows in status lines and warnings. */
    public static TestLoaders named(String name) {
        return new TestLoaders(name);
    }

    public TestLoaders jar(Path jar) {
        try {
            urls.add(jar.toUri().toURL());
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException(e);
        }
        return this;
    }

    /** Copies a class of the test class path into the loader (the test's own copy stays unused). */
    public TestLoaders copy(String className) {
        return define(className, classFile(className));
    }

    /** A class made by the test, for instance an older version of a library class. */
    public TestLoaders define(String className, byte[] classFile) {
        classes.put(className, classFile);
        return this;
    }

    /** Writes the classes to a folder of their own and makes the loader. */
    public URLClassLoader build() {
        try {
            List<URL> all = new ArrayList<>(urls);
            if (!classes.isEmpty()) {
                Path folder = Files.createTempDirectory("weft-test-loader-");
                for (Map.Entry<String, byte[]> entry : classes.entrySet()) {
                    Path file = folder.resolve(entry.getKey().replace('.', '/') + ".class");
                    Files.createDirectories(file.getParent());
                    Files.write(file, entry.getValue());
                }
                all.add(folder.toUri().toURL());
            }
            return new URLClassLoader(name, all.toArray(new URL[0]), ClassLoader.getPlatformClassLoader());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The class file of a class on the test class path, read without loading the class. */
    public static byte[] classFile(String className) {
        String resource = className.replace('.', '/') + ".class";
        try (InputStream in = TestLoaders.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no class file " + resource + " on the test class path");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
