package dev.weft.agent.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** {@link ConfigEnvironment#system()}. */
final class SystemEnvironment implements ConfigEnvironment {

    static final SystemEnvironment INSTANCE = new SystemEnvironment();

    private SystemEnvironment() {
    }

    @Override
    public String variable(String name) {
        return System.getenv(name);
    }

    @Override
    public String readFile(Path file) throws IOException {
        return Files.readString(file, StandardCharsets.UTF_8);
    }

    @Override
    public boolean isReadable(Path file) {
        return Files.isReadable(file);
    }
}
