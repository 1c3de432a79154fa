package dev.weft.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Writes YAML configs for a test into files, as a user would. */
final class Configs {

    private Configs() {
    }

    /** Replaces a config the way editors and config tools do: write a new file, rename it over the old. */
    static void replace(Path config, String yaml) {
        try {
            Path next = config.resolveSibling(config.getFileName() + ".new");
            Files.writeString(next, yaml);
            Files.move(next, config, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path write(Path dir, String name, String yaml) {
        try {
            Path file = dir.resolve(name);
            Files.writeString(file, yaml);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
