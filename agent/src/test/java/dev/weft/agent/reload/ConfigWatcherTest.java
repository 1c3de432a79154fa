package dev.weft.agent.reload;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

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

    /** File systems may keep a coarse modification time; make each change visible to a stat. */
    private static void bumpModifiedTime(Path file) throws Exception {
        FileTime time = Files.getLastModifiedTime(file);
        Files.setLastModifiedTime(file, FileTime.fromMillis(time.toMillis() + 2000));
    }
}
