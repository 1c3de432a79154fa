package dev.weft.agent.config;

import java.io.IOException;
import java.nio.file.Path;

/**
 * What reading a config needs from outside the YAML: the config file itself, the files and
 * environment variables that hold secrets, and whether a key store can be read. Parsing goes through
 * this and nothing else, so that tests can give it any environment.
 */
public interface ConfigEnvironment {

    /** The value of an environment variable, or {@code null} when it is not set. */
    String variable(String name);

    /** A file's whole content as UTF-8 text. */
    String readFile(Path file) throws IOException;

    /**
     * What changes when {@code file} does, to tell a rotated secret without reading it each time;
     * throws when the file cannot be looked at. By default the content itself.
     */
    default String fileVersion(Path file) throws IOException {
        return readFile(file);
    }

    /** True when {@code file} exists and can be read. */
    boolean isReadable(Path file);

    /** This process's environment variables and file system. */
    static ConfigEnvironment system() {
        return SystemEnvironment.INSTANCE;
    }
}
