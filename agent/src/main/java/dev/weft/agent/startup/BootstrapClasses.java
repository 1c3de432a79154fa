package dev.weft.agent.startup;

import dev.weft.agent.support.JdkInternals;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.instrument.Instrumentation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarInputStream;

/**
 * Makes the bootstrap classes (what woven code calls) visible from every class loader, the JDK's
 * own included, by defining them in the bootstrap class loader.
 *
 * <p>They travel as a jar nested in the agent jar. They are defined directly, which leaves the
 * bootstrap class path alone: appending to it makes the JVM warn on stderr and switch off class
 * data sharing for application classes, a startup cost for every service. Only where the JVM does
 * not allow that is the jar written to the temp directory and appended instead.
 */
public final class BootstrapClasses {

    private static final String RESOURCE = "/dev/weft/agent/weft-bootstrap.jar";
    private static final String PROBE_CLASS = "dev.weft.bootstrap.Probes";

    private BootstrapClasses() {
    }

    public static void install(Instrumentation inst) throws Exception {
        if (alreadyInstalled()) {
            return; // attached a second time
        }
        ModuleSystemDelegation.announce();
        byte[] jar;
        try (InputStream in = BootstrapClasses.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the agent jar");
            }
            jar = in.readAllBytes();
        }
        try {
            // Through Unsafe (unlike sun.misc.Unsafe it prints no deprecation warning), in a module of
            // Weft's own: the application gains no access to it.
            JdkInternals.defineInBootLoader(inst, classesIn(jar));
        } catch (Exception e) {
            inst.appendToBootstrapClassLoaderSearch(new JarFile(writeOnce(jar).toFile()));
        }
    }

    private static boolean alreadyInstalled() {
        try {
            Class.forName(PROBE_CLASS, false, null);
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    private static Map<String, byte[]> classesIn(byte[] jar) throws IOException {
        Map<String, byte[]> classes = new LinkedHashMap<>();
        try (JarInputStream in = new JarInputStream(new ByteArrayInputStream(jar))) {
            for (JarEntry entry = in.getNextJarEntry(); entry != null; entry = in.getNextJarEntry()) {
                String name = entry.getName();
                if (name.endsWith(".class") && !name.endsWith("module-info.class")) {
                    classes.put(name.substring(0, name.length() - 6).replace('/', '.'), in.readAllBytes());
                }
            }
        }
        return classes;
    }

    /** Writes the jar once per content hash into the temp directory; later starts reuse it. */
    private static Path writeOnce(byte[] bytes) throws Exception {
        Path dir = Paths.get(System.getProperty("java.io.tmpdir"));
        Path target = dir.resolve("weft-bootstrap-" + shortHash(bytes) + ".jar");
        if (Files.isRegularFile(target) && Files.size(target) == bytes.length) {
            return target;
        }
        Path partial = Files.createTempFile(dir, "weft-bootstrap-", ".partial");
        try {
            Files.write(partial, bytes);
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(partial);
        }
        return target;
    }

    private static String shortHash(byte[] bytes) throws Exception {
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
        StringBuilder hex = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            hex.append(String.format("%02x", digest[i]));
        }
        return hex.toString();
    }
}
