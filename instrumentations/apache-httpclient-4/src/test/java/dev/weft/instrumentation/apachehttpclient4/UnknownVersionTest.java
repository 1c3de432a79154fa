package dev.weft.instrumentation.apachehttpclient4;

import dev.weft.instrumentation.testing.HeaderServer;
import dev.weft.instrumentation.testing.Installation;
import dev.weft.instrumentation.testing.Recorder;
import dev.weft.instrumentation.testing.TestAgent;
import dev.weft.instrumentation.weaving.InstrumentationStatus;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;
import java.util.jar.JarOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A copy of HttpClient its advice does not fit: the jar a minimizing shade step leaves when the
 * application never builds a minimal client, without {@code MinimalClientExec}. The instrumentation
 * leaves that loader alone, says so in one line, and the call goes out as the application made it.
 */
class UnknownVersionTest {

    private static final String FOREIGN = "00-ffffffffffffffffffffffffffffffff-ffffffffffffffff-01";
    private static final String REMOVED = "org/apache/http/impl/execchain/MinimalClientExec.class";

    @Test
    void aClientWithoutWhatTheAdviceNeedsIsSkippedWithOneLineAndWorksUnchanged() throws Exception {
        Path trimmed = Files.createTempDirectory("weft-httpclient4-").resolve("httpclient-trimmed.jar");
        int removed = copyWithout(Path.of(System.getProperty("weft.test.libs"), "httpclient.jar"), trimmed, REMOVED);
        assertEquals(1, removed);

        try (Recorder recorder = Recorder.install();
             Installation installation = TestAgent.install("apache-httpclient-4");
             HeaderServer server = new HeaderServer()) {
            Class<?> app = ApacheHttpClient4Test.appLoader("httpclient4-trimmed", trimmed)
                    .loadClass(ApacheHttpClient4Test.APP);
            for (String overload : List.of("uri", "host-request-handler")) {
                assertEquals(200, ApacheHttpClient4Test.call(app, "call", overload, server.url("/plain"), FOREIGN));
            }

            assertEquals(List.of(List.of(FOREIGN), List.of(FOREIGN)), server.traceparents(), "sent as the application made them");
            assertEquals(List.of(), recorder.clientSpans());
            List<String> warnings = installation.warnings();
            assertEquals(1, warnings.size(), warnings.toString());
            assertTrue(warnings.get(0).startsWith("instrumentation apache-httpclient-4 skipped in httpclient4-trimmed"),
                    warnings.get(0));
            assertTrue(warnings.get(0).endsWith("org.apache.http.impl.execchain.MinimalClientExec not found"), warnings.get(0));
            // (classes of other tests' loaders, still loaded in this JVM, are woven: this loader's are not)
            List<InstrumentationStatus.Skip> skipped = installation.status("apache-httpclient-4").skipped();
            assertEquals(1, skipped.size(), skipped.toString());
            assertTrue(skipped.get(0).loader().startsWith("httpclient4-trimmed"), skipped.toString());
        }
    }

    private static int copyWithout(Path from, Path to, String left) throws Exception {
        int removed = 0;
        try (InputStream file = Files.newInputStream(from); JarInputStream in = new JarInputStream(file);
             OutputStream target = Files.newOutputStream(to); JarOutputStream out = new JarOutputStream(target, in.getManifest())) {
            for (JarEntry entry = in.getNextJarEntry(); entry != null; entry = in.getNextJarEntry()) {
                if (entry.getName().equals(left)) {
                    removed++;
                    continue;
                }
                out.putNextEntry(new JarEntry(entry.getName()));
                in.transferTo(out);
                out.closeEntry();
            }
        }
        return removed;
    }
}
