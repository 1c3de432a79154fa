package dev.weft.agent.config;

import dev.weft.agent.support.WeftLog;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * A secret the config names, and where it came from; its value is never printed.
 *
 * <p>One from an environment variable is fixed for the life of the process. One from a file follows
 * the file, so that a rotated token or password is taken without a restart or a config edit: when
 * the secret is used, at most once a second, Weft looks whether the file changed (its modification
 * time, size and identity, so a file replaced by a rename counts too) and if so reads it again. A
 * file that cannot be read or is empty leaves the previous value in force, and Weft says so once; a
 * file caught half-written is simply read again at the next look.
 *
 * <p>Two secrets are equal when they come from the same file, whatever it holds now, or from the same
 * variable with the same value: a reload that finds the same config keeps the secret that follows the
 * file.
 */
public final class Secret {

    static final long CHECK_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final String source;
    private final Path file;
    private final ConfigEnvironment environment;
    private final LongSupplier clock;
    private volatile String value;
    private volatile long nextCheck;
    // guarded by this
    private String version;
    /** A version found bad once: if it still is at the next look, Weft says so. */
    private String suspect;
    /** A version found bad and said: not read again until the file changes. */
    private String refused;

    private Secret(String source, String value, Path file, String version, ConfigEnvironment environment,
                   LongSupplier clock) {
        this.source = source;
        this.value = value;
        this.file = file;
        this.version = version;
        this.environment = environment;
        this.clock = clock;
        this.nextCheck = clock == null ? 0 : clock.getAsLong() + CHECK_NANOS;
    }

    /** A secret that never changes: an environment variable's, or one a test makes. */
    public static Secret fixed(String source, String value) {
        return new Secret(Objects.requireNonNull(source), Objects.requireNonNull(value), null, null, null, null);
    }

    /**
     * The secret in {@code file}, just read: {@code value} is what it held, {@code version} what
     * {@link ConfigEnvironment#fileVersion} said before it was read (null if it could not say).
     */
    static Secret file(Path file, String value, String version, ConfigEnvironment environment, LongSupplier clock) {
        return new Secret("file " + file, value, file, version, environment, clock);
    }

    /** Where the secret comes from, for messages, e.g. {@code file /etc/weft/token}. */
    public String source() {
        return source;
    }

    /** The file it is read from, or {@code null} for a fixed secret. */
    public Path file() {
        return file;
    }

    /** The value now; for a file, the file's content as of the last look (at most a second ago when in use). */
    public String value() {
        if (file != null && clock.getAsLong() - nextCheck >= 0) {
            look(false);
        }
        return value;
    }

    /**
     * The value after a look at the file now, however recent the last: for a caller that looks at
     * once a second itself and reads this secret with another file (a key store and its password).
     */
    public String valueNow() {
        if (file != null) {
            look(true);
        }
        return value;
    }

    private synchronized void look(boolean now) {
        long time = clock.getAsLong();
        if (!now && time - nextCheck < 0) {
            return; // another thread just looked
        }
        nextCheck = time + CHECK_NANOS;
        try {
            String seen = versionOf();
            if (seen.equals(version) || seen.equals(refused)) {
                return;
            }
            String problem;
            String content = null;
            try {
                content = environment.readFile(file).trim();
                problem = content.isEmpty() ? "it is empty" : null;
            } catch (IOException | RuntimeException e) {
                problem = describe(e);
            }
            if (Thread.currentThread().isInterrupted()) {
                return; // a read cut short by an interrupt says nothing about the file
            }
            if (problem == null) {
                if (!seen.equals(versionOf())) {
                    return; // written while it was read: read again at the next look
                }
                boolean changed = !content.equals(value);
                value = content;
                version = seen;
                suspect = null;
                refused = null;
                if (changed) {
                    WeftLog.info(file + " changed: the endpoint takes the new secret from now on");
                }
            } else if (seen.equals(suspect)) {
                refused = seen;
                suspect = null;
                WeftLog.warn("cannot read the secret in " + file + " again (" + problem
                        + "): the previous one stays in force until the file changes");
            } else {
                suspect = seen; // perhaps caught between a truncation and a write: looked at again
            }
        } catch (RuntimeException e) {
            WeftLog.warnOnce("secret:" + file + ":" + e.getClass().getName(),
                    "cannot look at " + file + " (" + e + "): the previous secret stays in force");
        }
    }

    /** The file's version now, or what went wrong, which stands for the version of a file that cannot be read. */
    private String versionOf() {
        try {
            return String.valueOf(environment.fileVersion(file));
        } catch (IOException e) {
            return "unreadable: " + describe(e);
        }
    }

    private static String describe(Exception e) {
        return e instanceof NoSuchFileException ? "no such file" : e.toString();
    }

    @Override
    public boolean equals(Object other) {
        if (!(other instanceof Secret that)) {
            return false;
        }
        return file != null ? file.equals(that.file) : that.file == null && source.equals(that.source)
                && value.equals(that.value);
    }

    @Override
    public int hashCode() {
        return file != null ? file.hashCode() : source.hashCode();
    }

    @Override
    public String toString() {
        return source;
    }
}
