package dev.weft.instrumentation.okhttp;

import dev.weft.instrumentation.testing.Installation;
import dev.weft.instrumentation.testing.Recorder;
import dev.weft.instrumentation.testing.TestAgent;
import dev.weft.instrumentation.weaving.InstrumentationStatus;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * OkHttp 3 (Java): its call is {@code okhttp3.RealCall}, not the internal one of OkHttp 4 and 5
 * (3.14.9 has an {@code Exchange} with the {@code writeRequestHeaders} the instrumentation weaves,
 * 3.12.13 none). The loader is skipped with one warning, and calls go on as they would without Weft.
 */
abstract class OkHttp3Contract {

    private final String version;

    /** @param version the folder of {@code target/test-libs} with that OkHttp's jars */
    OkHttp3Contract(String version) {
        this.version = version;
    }

    @Test
    void okHttp3IsSkippedWithOneWarningAndItsCallsStillWork() throws Throwable {
        try (Recorder recorder = Recorder.install();
             Installation installation = TestAgent.install("okhttp");
             OkHttpLibrary okhttp = new OkHttpLibrary(version);
             Peer peer = new Peer()) {
            Object driver = okhttp.driver(null);
            try {
                assertEquals(200, okhttp.invoke(driver, "execute", "GET", peer.url("/one"), Map.of()));
                assertEquals(200, okhttp.invoke(driver, "execute", "GET", peer.url("/two"),
                        Map.of("traceparent", "00-ffffffffffffffffffffffffffffffff-ffffffffffffffff-01")));
                CompletableFuture<Integer> async = new CompletableFuture<>();
                BiConsumer<Integer, Throwable> called = (status, thrown) -> {
                    if (thrown != null) {
                        async.completeExceptionally(thrown);
                    } else {
                        async.complete(status);
                    }
                };
                okhttp.invoke(driver, "enqueue", "GET", peer.url("/three"), Map.of(), called);
                assertEquals(200, async.get(10, TimeUnit.SECONDS));
            } finally {
                okhttp.invoke(driver, "close");
            }

            List<String> warnings = installation.warnings();
            assertEquals(1, warnings.size(), warnings.toString());
            assertEquals("instrumentation okhttp skipped in " + version + "-app: "
                    + "okhttp3.internal.connection.RealCall not found", warnings.get(0).replaceAll(" \\(.*\\)", ""));
            InstrumentationStatus status = installation.status("okhttp");
            assertEquals(List.of(), status.wovenTypes());
            assertEquals(1, status.skipped().size(), status.skipped().toString());
            assertEquals(List.of(), recorder.clientSpans(), "no span");
            assertEquals(List.of(List.of(), List.of("00-ffffffffffffffffffffffffffffffff-ffffffffffffffff-01"), List.of()),
                    peer.received().stream().map(Peer.Received::traceparent).toList(), "the requests as the application made them");
            assertFalse(TestAgent.isLoaded("dev.weft.instrumentation.okhttp.RequestHeadersAdvice"));
            assertTrue(okhttp.loader().getResource("okhttp3/RealCall.class") != null, "OkHttp 3's own call");
        }
    }
}
