package dev.weft.bench.reload;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes and compiles {@code count} small classes {@code bench.gen.C00000...}, each with a few
 * methods, so that a config change can touch as many loaded classes as a large service has.
 */
public final class GeneratedClasses {

    public static final String PACKAGE = "bench.gen";

    private GeneratedClasses() {
    }

    public static String name(int i) {
        return PACKAGE + String.format(".C%05d", i);
    }

    /** Compiles the classes into {@code dir}, which then belongs on the class path. */
    public static void compile(Path dir, int count) throws IOException {
        Path sources = Files.createDirectories(dir.resolve("src/bench/gen"));
        List<String> arguments = new ArrayList<>(List.of("-d", dir.toString(), "-nowarn"));
        for (int i = 0; i < count; i++) {
            String simpleName = String.format("C%05d", i);
            Path file = sources.resolve(simpleName + ".java");
            Files.writeString(file, """
                    package bench.gen;

                    public class %s implements Runnable {
                        private long state = %d;

                        public long mix(long x) { return x * 31 + %d; }

                        public long shift(long x) { return mix(x) ^ (x >>> 3); }

                        public long fold(long x) { return shift(x) + mix(x >>> 7); }

                        @Override
                        public void run() { state = fold(state); }
                    }
                    """.formatted(simpleName, i, i));
            arguments.add(file.toString());
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        if (javac == null) {
            throw new IllegalStateException("the benchmark needs a JDK (javac), not a JRE");
        }
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        if (javac.run(null, null, errors, arguments.toArray(new String[0])) != 0) {
            throw new IllegalStateException("compiling the generated classes failed:\n" + errors);
        }
    }
}
