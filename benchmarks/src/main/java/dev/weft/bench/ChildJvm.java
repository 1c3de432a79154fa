package dev.weft.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A JVM the benchmarks measure, started with the same {@code java} as the harness. Its stdout lines
 * are queued for {@link #expect}; its stderr lines are kept for error messages.
 */
public final class ChildJvm implements AutoCloseable {

    private final Process process;
    private final long startedNanos;
    private final BlockingQueue<String> stdout = new LinkedBlockingQueue<>();
    private final List<String> stderr = new CopyOnWriteArrayList<>();

    private ChildJvm(List<String> command) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command);
        startedNanos = System.nanoTime();
        process = builder.start();
        pump(process.getInputStream(), stdout::add);
        pump(process.getErrorStream(), stderr::add);
    }

    /** {@code java <jvmArgs> <rest>}, where rest is {@code -cp path Main args} or {@code -jar app.jar args}. */
    public static ChildJvm start(List<String> jvmArgs, List<String> rest) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(javaExecutable());
        command.addAll(jvmArgs);
        command.addAll(rest);
        return new ChildJvm(command);
    }

    /** The {@code java} of the JDK running the harness, so every measured JVM is the same. */
    public static String javaExecutable() {
        return Paths.get(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** This JVM's class path entry (the benchmarks jar or classes directory). */
    public static Path selfClassPath() {
        try {
            return Paths.get(ChildJvm.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A loopback port free right now, for a service the harness starts. */
    public static int freePort() throws IOException {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** Waits for the next stdout line starting with {@code prefix}, skipping others. */
    public String expect(String prefix, long timeoutSeconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        while (true) {
            String line = stdout.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (line == null) {
                throw new IllegalStateException("no line starting with '" + prefix + "' within " + timeoutSeconds
                        + " s" + (process.isAlive() ? "" : " (exit code " + process.exitValue() + ")")
                        + "; stderr:\n" + String.join("\n", stderr));
            }
            if (line.startsWith(prefix)) {
                return line;
            }
        }
    }

    /** Waits for a stderr line that {@code pattern} finds something in; returns the match. */
    public java.util.regex.Matcher expectStderr(java.util.regex.Pattern pattern, long timeoutSeconds)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        while (System.nanoTime() < deadline) {
            for (String line : stderr) {
                java.util.regex.Matcher m = pattern.matcher(line);
                if (m.find()) {
                    return m;
                }
            }
            Thread.sleep(10);
        }
        throw new IllegalStateException("no stderr line matching " + pattern + " within " + timeoutSeconds
                + " s; stderr:\n" + String.join("\n", stderr));
    }

    /** Nanoseconds since the process was started. */
    public long nanosSinceStart() {
        return System.nanoTime() - startedNanos;
    }

    public Process process() {
        return process;
    }

    public List<String> stderr() {
        return stderr;
    }

    /** Waits for the process to end by itself; returns its exit code. */
    public int waitFor(long timeoutSeconds) throws InterruptedException {
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            throw new IllegalStateException("still running after " + timeoutSeconds + " s; stderr:\n"
                    + String.join("\n", stderr));
        }
        return process.exitValue();
    }

    /** Resident memory of the process in bytes, from /proc (Linux), or -1 where that is not readable. */
    public long residentBytes() {
        try {
            for (String line : Files.readAllLines(Paths.get("/proc", Long.toString(process.pid()), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            // not Linux, or the process is gone
        }
        return -1;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static void pump(InputStream stream, Consumer<String> into) {
        Thread thread = new Thread(() -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    into.accept(line);
                }
            } catch (IOException ignored) {
                // the process ended
            }
        });
        thread.setDaemon(true);
        thread.start();
    }

    /** Deletes a directory tree (the benchmarks' scratch directories). */
    public static void deleteTree(Path root) {
        try (var paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.delete(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
