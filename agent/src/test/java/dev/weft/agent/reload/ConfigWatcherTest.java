package dev.weft.agent.reload;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConfigWatcherTest {

    @Test
    void reportsEachNewContentOnce(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("weft.yaml");
        Files.writeString(file, "a: 1\n");
        List<String> seen = new ArrayList<>();
        ConfigWatcher watcher = new ConfigWatcher(file, seen::add);

        watcher.poll();
        assertEquals(List.of(), seen, "the content it started from is not a change");

        Files.writeString(file, "a: 2\n");
        bumpModifiedTime(file);
        watcher.poll();
        watcher.poll();
        assertEquals(List.of("a: 2\n"), seen);

        // touched, same content: nothing to reload
        bumpModifiedTime(file);
        watcher.poll();
        assertEquals(List.of("a: 2\n"), seen);
    }

    @Test
    void seesAFileReplacedByRename(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("weft.yaml");
        Files.writeString(file, "a: 1\n");
        List<String> seen = new ArrayList<>();
        ConfigWatcher watcher = new ConfigWatcher(file, seen::add);

        Path next = dir.resolve("weft.yaml.tmp");
        Files.writeString(next, "b: 1\n");
        Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        watcher.poll();

        assertEquals(List.of("b: 1\n"), seen);
    }

    @Test
    void aFileThatGoesAwayAndComesBackIsReadAgain(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("weft.yaml");
        Files.writeString(file, "a: 1\n");
        List<String> seen = new ArrayList<>();
        ConfigWatcher watcher = new ConfigWatcher(file, seen::add);

        Files.delete(file);
        watcher.poll();
        assertEquals(List.of(), seen, "a missing file is not an empty config");

        Files.writeString(file, "a: 3\n");
        watcher.poll();
        assertEquals(List.of("a: 3\n"), seen);
    }

    @Test
    void anErrorInAPollCostsThatPollOnlyAndIsSaidOnce(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("weft.yaml");
        Files.writeString(file, "a: 1\n");
        List<String> seen = new CopyOnWriteArrayList<>();
        ConfigWatcher watcher = new ConfigWatcher(file, text -> {
            seen.add(text);
            if (text.startsWith("huge")) {
                throw new OutOfMemoryError("Java heap space"); // as a reload of a file too big for the heap
            }
        });
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        PrintStream original = System.err;
        ByteArrayOutputStream said = new ByteArrayOutputStream();
        System.setErr(new PrintStream(said, true, StandardCharsets.UTF_8));
        try {
            watcher.schedule(scheduler, 10);
            for (String text : List.of("huge: 1\n", "huge: 2\n", "a: 2\n")) {
                Files.writeString(file, text);
                bumpModifiedTime(file);
                awaitSeen(seen, text);
            }
        } finally {
            System.setErr(original);
            scheduler.shutdownNow();
            scheduler.awaitTermination(5, TimeUnit.SECONDS);
        }
        assertEquals(List.of("huge: 1\n", "huge: 2\n", "a: 2\n"), seen, "watching went on after each error");
        List<String> lines = said.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals(1, lines.size(), "said once: " + lines);
        assertTrue(lines.get(0).startsWith("[weft] WARN watching " + file + ": a poll failed (java.lang.OutOfMemoryError: "
                + "Java heap space); the config in force stays, and watching goes on"), lines.get(0));
    }

    private static void awaitSeen(List<String> seen, String text) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!seen.contains(text)) {
            assertTrue(System.nanoTime() < deadline, "never saw " + text.trim() + "; saw " + seen);
            Thread.sleep(5);
        }
    }

    /** File systems may keep a coarse modification time; make each change visible to a stat. */
    private static void bumpModifiedTime(Path file) throws Exception {
        FileTime time = Files.getLastModifiedTime(file);
        Files.setLastModifiedTime(file, FileTime.fromMillis(time.toMillis() + 2000));
    }
}
