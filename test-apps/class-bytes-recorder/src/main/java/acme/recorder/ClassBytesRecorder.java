package acme.recorder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.ProtectionDomain;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code -javaagent:class-bytes-recorder.jar=dir=/tmp/out,prefix=acme/orders/}: writes the bytes of
 * every class under {@code prefix} each time the JVM defines or retransforms it, to
 * {@code dir/<seq>-<class>.class}, where seq orders the events. Changes nothing.
 *
 * <p>Retransformation capable and loaded after the agent under test, so what it records is what
 * that agent handed to the JVM.
 */
public final class ClassBytesRecorder implements ClassFileTransformer {

    private final Path dir;
    private final String prefix;
    private final AtomicLong sequence = new AtomicLong();

    private ClassBytesRecorder(Path dir, String prefix) {
        this.dir = dir;
        this.prefix = prefix;
    }

    public static void premain(String args, Instrumentation inst) throws IOException {
        String dir = null;
        String prefix = "";
        for (String pair : args.split(",")) {
            if (pair.startsWith("dir=")) {
                dir = pair.substring(4);
            } else if (pair.startsWith("prefix=")) {
                prefix = pair.substring(7);
            }
        }
        Path out = Paths.get(dir);
        Files.createDirectories(out);
        inst.addTransformer(new ClassBytesRecorder(out, prefix), true);
    }

    @Override
    public byte[] transform(ClassLoader loader, String className, Class<?> classBeingRedefined,
                            ProtectionDomain domain, byte[] classfileBuffer) {
        if (className != null && className.startsWith(prefix)) {
            String name = String.format("%06d-%s.class", sequence.incrementAndGet(), className.replace('/', '.'));
            try {
                Files.write(dir.resolve(name), classfileBuffer);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return null;
    }
}
