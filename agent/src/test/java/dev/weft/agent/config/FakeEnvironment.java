package dev.weft.agent.config;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/** Environment variables and files that exist only for a test; every file read is counted. */
final class FakeEnvironment implements ConfigEnvironment {

    private final Map<String, String> variables = new HashMap<>();
    private final Map<Path, String> files = new HashMap<>();
    private final Set<Path> denied = new HashSet<>();
    int reads;

    FakeEnvironment variable(String name, String value) {
        variables.put(name, value);
        return this;
    }

    FakeEnvironment file(String path, String content) {
        files.put(Path.of(path), content);
        return this;
    }

    /** A file that exists but may not be read. */
    FakeEnvironment denied(String path) {
        denied.add(Path.of(path));
        return this;
    }

    @Override
    public String variable(String name) {
        return variables.get(name);
    }

    @Override
    public String readFile(Path file) throws IOException {
        reads++;
        if (denied.contains(file)) {
            throw new AccessDeniedException(file.toString());
        }
        String content = files.get(file);
        if (content == null) {
            throw new NoSuchFileException(file.toString());
        }
        return content;
    }

    /** The content, as the default does, without counting a read. */
    @Override
    public String fileVersion(Path file) throws IOException {
        if (denied.contains(file)) {
            throw new AccessDeniedException(file.toString());
        }
        String content = files.get(file);
        if (content == null) {
            throw new NoSuchFileException(file.toString());
        }
        return content;
    }

    /** The file is gone. */
    FakeEnvironment remove(String path) {
        files.remove(Path.of(path));
        return this;
    }

    @Override
    public boolean isReadable(Path file) {
        return files.containsKey(file);
    }
}
