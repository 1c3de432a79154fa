package dev.weft.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs {@code java -jar weft-agent.jar <args>} as a user would, and collects what it printed. */
final class WeftCli {

    record Result(int exitCode, String stdout, String stderr) {
    }

    private WeftCli() {
    }

    static Result run(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(AppProcess.JAVA, "-jar", AppProcess.AGENT_JAR.toString()));
        command.addAll(List.of(args));
        Path out = Files.createTempFile("weft-cli", ".out");
        Path err = Files.createTempFile("weft-cli", ".err");
        try {
            Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("weft-agent.jar " + String.join(" ", args) + " did not finish");
            }
            return new Result(process.exitValue(), Files.readString(out), Files.readString(err));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
