package dev.weft.instrumentation.apachehttpclient5;

import dev.weft.instrumentation.testing.HeaderServer;
import dev.weft.instrumentation.testing.Installation;
import dev.weft.instrumentation.testing.Recorder;
import dev.weft.instrumentation.testing.TestAgent;
import dev.weft.instrumentation.weaving.InstrumentationStatus;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Method;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * HttpClient 5.0, whose async client has no {@code executeImmediate} (it came with 5.1): the
 * instrumentation leaves that loader alone, says so in one line, and calls go out as the
 * application made them.
 */
class UnknownVersionTest {

    private static final String FOREIGN = "00-ffffffffffffffffffffffffffffffff-ffffffffffffffff-01";

    @Test
    void aVersionWithoutWhatTheAdviceNeedsIsSkippedWithOneLineAndWorksUnchanged() throws Exception {
        try (Recorder recorder = Recorder.install();
             Installation installation = TestAgent.install("apache-httpclient-5");
             HeaderServer server = new HeaderServer()) {
            Class<?> app = Apache5Contract.appLoader("unknown").loadClass(Apache5Contract.APP);
            Method classic = app.getMethod("classic", String.class, String.class, String.class);
            for (String overload : List.of("request", "host-request-handler")) {
                assertEquals(200, classic.invoke(null, overload, server.url("/plain"), FOREIGN));
            }

            assertEquals(List.of(List.of(FOREIGN), List.of(FOREIGN)), server.traceparents(), "sent as the application made them");
            assertEquals(List.of(), recorder.clientSpans());
            List<String> warnings = installation.warnings();
            assertEquals(1, warnings.size(), warnings.toString());
            assertTrue(warnings.get(0).startsWith("instrumentation apache-httpclient-5 skipped in httpclient5-unknown"),
                    warnings.get(0));
            assertTrue(warnings.get(0).endsWith("org.apache.hc.client5.http.impl.async.InternalAbstractHttpAsyncClient"
                    + "#executeImmediate(org.apache.hc.core5.http.HttpRequest,org.apache.hc.core5.http.nio.AsyncEntityProducer,"
                    + "org.apache.hc.client5.http.async.AsyncExecChain$Scope,org.apache.hc.client5.http.async.AsyncExecChain,"
                    + "org.apache.hc.client5.http.async.AsyncExecCallback) not found"), warnings.get(0));
            // (classes of other tests' loaders, still loaded in this JVM, are woven: this loader's are not)
            List<InstrumentationStatus.Skip> skipped = installation.status("apache-httpclient-5").skipped();
            assertEquals(1, skipped.size(), skipped.toString());
            assertTrue(skipped.get(0).loader().startsWith("httpclient5-unknown"), skipped.toString());
        }
    }
}
