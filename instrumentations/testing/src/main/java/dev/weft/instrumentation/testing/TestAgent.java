package dev.weft.instrumentation.testing;

import dev.weft.instrumentation.api.BuiltInInstrumentation;
import net.bytebuddy.agent.ByteBuddyAgent;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.instrument.Instrumentation;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.ServiceLoader;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/**
 * The test JVM as the agent sets up a service's: Byte Buddy's agent attached, and Weft's bootstrap
 * classes on the boot class path, where woven JDK classes and classes of any loader find them.
 *
 * <p>Call {@link #instrumentation()} (or anything of this kit) before any {@code dev.weft.bootstrap}
 * class is loaded: a bootstrap class the application class loader loaded first would be a second
 * copy, not the one woven code calls. So a test names no bootstrap type in its fields or method
 * signatures (JUnit loads those while it looks for tests), and reaches the handlers through
 * {@link Recorder}.
 */
public final class TestAgent {

    private static final String BOOTSTRAP = "dev/weft/bootstrap/";
    private static Instrumentation instrumentation;

    private TestAgent() {
    }

    public static synchronized Instrumentation instrumentation() {
        if (instrumentation == null) {
            Instrumentation inst = ByteBuddyAgent.install();
            for (Class<?> loaded : inst.getAllLoadedClasses()) {
                if (loaded.getName().startsWith("dev.weft.bootstrap.") && loaded.getClassLoader() != null) {
                    throw new IllegalStateException(loaded + " was loaded before the test kit put the bootstrap"
                            + " classes on the boot class path; call TestAgent.instrumentation() first");
                }
            }
            try {
                inst.appendToBootstrapClassLoaderSearch(new JarFile(bootstrapJar().toFile()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            instrumentation = inst;
        }
        return instrumentation;
    }

    /**
     * Weaves the named instrumentations (found with {@link ServiceLoader}, as the agent finds them)
     * until the returned installation is closed.
     */
    public static Installation install(String... names) {
        List<BuiltInInstrumentation> chosen = new ArrayList<>();
        for (String name : names) {
            chosen.add(find(name));
        }
        return install(chosen);
    }

    /** Weaves these instrumentations until the returned installation is closed. */
    public static Installation install(List<? extends BuiltInInstrumentation> instrumentations) {
        return new Installation(instrumentation(), instrumentations);
    }

    /** The instrumentation of that name among those {@link ServiceLoader} finds on the class path. */
    public static BuiltInInstrumentation find(String name) {
        List<String> names = new ArrayList<>();
        for (BuiltInInstrumentation instrumentation : ServiceLoader.load(BuiltInInstrumentation.class)) {
            if (instrumentation.name().equals(name)) {
                return instrumentation;
            }
            names.add(instrumentation.name());
        }
        throw new IllegalArgumentException("no built-in instrumentation named " + name + " on the class path; found " + names);
    }

    /** Whether a class of that name has been loaded, by any class loader. */
    public static boolean isLoaded(String className) {
        return Arrays.stream(instrumentation().getAllLoadedClasses()).anyMatch(c -> c.getName().equals(className));
    }

    /** The bootstrap module's classes as a jar: its own jar, or one made from its class folder. */
    private static Path bootstrapJar() throws IOException {
        URL spans = TestAgent.class.getClassLoader().getResource(BOOTSTRAP + "Spans.class");
        if (spans == null) {
            throw new IllegalStateException("dev.weft.bootstrap is not on the test class path");
        }
        if (spans.getProtocol().equals("jar")) {
            return Paths.get(((JarURLConnection) spans.openConnection()).getJarFileURL().getPath());
        }
        Path root;
        try {
            root = Paths.get(spans.toURI()).getParent().getParent().getParent().getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        Path jar = Files.createTempFile("weft-bootstrap-test-", ".jar");
        jar.toFile().deleteOnExit();
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file);
             Stream<Path> classes = Files.walk(root.resolve(BOOTSTRAP))) {
            for (Path path : (Iterable<Path>) classes.filter(Files::isRegularFile)::iterator) {
                out.putNextEntry(new JarEntry(root.relativize(path).toString().replace('\\', '/')));
                try (InputStream in = Files.newInputStream(path)) {
                    in.transferTo(out);
                }
                out.closeEntry();
            }
        }
        return jar;
    }
}
