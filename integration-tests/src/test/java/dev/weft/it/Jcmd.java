package dev.weft.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The JDK's {@code jcmd}, next to the {@code java} the apps run on, for looking inside them. */
final class Jcmd {

    /** JDK 17 prints "total 40960K, used 10575K", JDK 25 "total reserved ..., committed 40960K, used 10575K". */
    private static final Pattern USED = Pattern.compile("heap .*, used (\\d+)K");

    private Jcmd() {
    }

    /** Heap in use right after a full GC, in bytes: what the process really holds on to. */
    static long heapUsedAfterGc(long pid) throws IOException, InterruptedException {
        run(pid, "GC.run");
        String info = run(pid, "GC.heap_info");
        Matcher m = USED.matcher(info);
        if (!m.find()) {
            throw new AssertionError("no heap figure in jcmd's answer:\n" + info);
        }
        return Long.parseLong(m.group(1)) * 1024;
    }

    private static String run(long pid, String command) throws IOException, InterruptedException {
        Path jcmd = Paths.get(AppProcess.JAVA).resolveSibling("jcmd");
        Process process = new ProcessBuilder(jcmd.toString(), Long.toString(pid), command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new AssertionError("jcmd " + command + " failed:\n" + output);
        }
        return output;
    }
}
