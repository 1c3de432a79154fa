package dev.weft.agent.reload;

import dev.weft.agent.support.WeftLog;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Notices when the config file's content changes. Polled rather than watched with inotify: polling
 * sees every way a file gets replaced (editors writing a new file and renaming it, Kubernetes
 * swapping a ConfigMap's symlink), costs one {@code stat} a tick, and needs no thread of its own.
 *
 * <p>A poll that fails costs that poll only, whatever it threw: a scheduled task that throws is
 * never run again, so an {@link OutOfMemoryError} while a huge file is read (or any other error of
 * the reload it starts) would otherwise end watching for the life of the process, without a word.
 */
public final class ConfigWatcher {

    private final Path file;
    private final Consumer<String> onChange;
    private Stamp lastStamp;
    private String lastText;
    private boolean reportedMissing;

    /** Starts from the file as it is now, which the caller has already loaded. */
    public ConfigWatcher(Path file, Consumer<String> onChange) {
        this.file = file;
        this.onChange = onChange;
        this.lastStamp = stamp();
        this.lastText = read();
    }

    /**
     * Polls every {@code millis} on {@code scheduler}, until it shuts down. Each poll goes through
     * {@link #pollSafely}, so no failure stops the polls that follow.
     */
    public ScheduledFuture<?> schedule(ScheduledExecutorService scheduler, long millis) {
        return scheduler.scheduleWithFixedDelay(this::pollSafely, millis, millis, TimeUnit.MILLISECONDS);
    }

    /**
     * {@link #poll}, catching everything it throws, {@link Error}s included: said once per kind of
     * failure. The content that failed is not read again until the file changes, so a file too big
     * for the heap does not cost the application a full collection at every poll.
     */
    public void pollSafely() {
        try {
            poll();
        } catch (Throwable e) { // OutOfMemoryError, StackOverflowError, or anything the reload let through
            WeftLog.warnOnce("watch:" + e.getClass().getName(), "watching " + file + ": a poll failed (" + e
                    + "); the config in force stays, and watching goes on: the file is read again when it "
                    + "changes. Said once.");
        }
    }

    /** One poll: calls back with the new text if the content changed since the last call. */
    public void poll() {
        Stamp stamp = stamp();
        if (stamp == null) {
            if (!reportedMissing && lastText != null) {
                WeftLog.warn("config " + file + " cannot be read any more; the config in force stays until it is back");
                reportedMissing = true;
            }
            lastStamp = null;
            return;
        }
        reportedMissing = false;
        if (stamp.equals(lastStamp)) {
            return;
        }
        lastStamp = stamp;
        String text = read();
        if (text != null && !text.equals(lastText)) {
            lastText = text;
            onChange.accept(text);
        }
    }

    /** What a {@code stat} tells of the file: when a write or a replacement happened. */
    private record Stamp(FileTime modified, long size, Object fileKey) {
    }

    /** The file's stamp, or {@code null} when it cannot be read. */
    private Stamp stamp() {
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            return new Stamp(attributes.lastModifiedTime(), attributes.size(), attributes.fileKey());
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private String read() {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
