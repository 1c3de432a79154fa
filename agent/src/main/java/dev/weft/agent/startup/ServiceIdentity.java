package dev.weft.agent.startup;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.Properties;

/** Who is running: Weft's own version, and the service's default name and main jar. */
public final class ServiceIdentity {

    /** Weft's version, from the build. */
    public static final String VERSION = readVersion();

    private ServiceIdentity() {
    }

    /** {@code OTEL_SERVICE_NAME} when set, else a name from the command line (see {@link #defaultServiceName}). */
    public static String serviceName(Map<String, String> env, String javaCommand) {
        String otelServiceName = env.get("OTEL_SERVICE_NAME");
        return otelServiceName != null && !otelServiceName.isBlank() ? otelServiceName.trim()
                : defaultServiceName(javaCommand);
    }

    /** The jar's base name for {@code -jar app.jar}, else the main class's simple name. */
    public static String defaultServiceName(String javaCommand) {
        if (javaCommand == null || javaCommand.isBlank()) {
            return "java";
        }
        String jar = mainJar(javaCommand);
        if (jar != null) {
            String file = jar.substring(jar.lastIndexOf(File.separatorChar) + 1);
            return file.substring(0, file.length() - 4);
        }
        String mainClass = javaCommand.trim().split("\\s+")[0];
        return mainClass.substring(mainClass.lastIndexOf('.') + 1);
    }

    /**
     * The jar started with {@code -jar}, from the JVM's {@code sun.java.command} (the jar or main
     * class, then the arguments); {@code null} when a main class was named instead.
     */
    public static String mainJar(String javaCommand) {
        if (javaCommand == null || javaCommand.isBlank()) {
            return null;
        }
        String first = javaCommand.trim().split("\\s+")[0];
        return first.endsWith(".jar") ? first : null;
    }

    private static String readVersion() {
        try (InputStream in = ServiceIdentity.class.getResourceAsStream("/dev/weft/agent/version.properties")) {
            Properties properties = new Properties();
            if (in != null) {
                properties.load(in);
            }
            return properties.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }
}
