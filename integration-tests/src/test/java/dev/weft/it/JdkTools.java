package dev.weft.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The JDK's tools next to the {@code java} the apps run on: {@code jcmd} to look inside them, {@code keytool}. */
final class JdkTools {

    /** JDK 17 prints "total 40960K, used 10575K", JDK 25 "total reserved ..., committed 40960K, used 10575K". */
    private static final Pattern USED = Pattern.compile("heap .*, used (\\d+)K");

    private JdkTools() {
    }

    /** Heap in use right after a full GC, in bytes: what the process really holds on to. */
    static long heapUsedAfterGc(long pid) throws IOException, InterruptedException {
        run("jcmd", Long.toString(pid), "GC.run");
        String info = run("jcmd", Long.toString(pid), "GC.heap_info");
        Matcher m = USED.matcher(info);
        if (!m.find()) {
            throw new AssertionError("no heap figure in jcmd's answer:\n" + info);
        }
        return Long.parseLong(m.group(1)) * 1024;
    }

    /** Runs a JDK tool to the end and returns what it printed, failing the test if it fails. */
    static String run(String tool, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Paths.get(AppProcess.JAVA).resolveSibling(tool).toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " did not finish");
        }
        if (process.exitValue() != 0) {
            throw new AssertionError(String.join(" ", command) + " failed:\n" + output);
        }
        return output;
    }
}
