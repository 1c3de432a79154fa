package dev.weft.agent.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

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

    /** Modification time, size and identity (a file replaced by a rename, as Kubernetes does with secrets, has another). */
    @Override
    public String fileVersion(Path file) throws IOException {
        BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
        return attributes.lastModifiedTime() + " " + attributes.size() + " " + attributes.fileKey();
    }

    @Override
    public boolean isReadable(Path file) {
        return Files.isReadable(file);
    }
}
