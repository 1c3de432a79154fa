package dev.weft.it;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Removing every selector restores the classes exactly: a second agent after Weft records the bytes
 * the JVM runs, and they are compared with the class files in the application's jar.
 */
class UnweaveIT {

    private static final Path RECORDER_JAR = Paths.get(System.getProperty("weft.recorder.jar"));
    private static final List<String> WOVEN = List.of("acme.orders.OrderService", "acme.orders.InMemoryOrderRepository",
            "acme.orders.pricing.PriceCalculator", "acme.orders.pricing.tax.TaxTable");

    @Test
    void removingEverySelectorLeavesClassesByteIdenticalToTheOriginals(@TempDir Path dir) throws Exception {
        Path config = Configs.write(dir, "weft.yaml", """
                instrument:
                  - name: checkout
                    class: acme.orders.OrderService
                    record: [timer, count, errors, inflight]
                  - name: repository
                    implements: acme.orders.OrderRepository
                  - name: pricing
                    class: "acme.orders.pricing.**"
                    record: [count]
                """);
        Path recorded = dir.resolve("recorded");
        try (AppProcess app = AppProcess.withAgent("config=" + config + ",port=0,watch=200ms",
                "-javaagent:" + RECORDER_JAR + "=dir=" + recorded + ",prefix=acme/orders/").awaitAppAndAgent()) {
            assertEquals(200, app.app("/orders/place?item=book&qty=2").statusCode());
            for (String name : WOVEN) {
                List<Path> versions = versionsOf(recorded, name);
                assertEquals(1, versions.size(), name + " was defined once");
                assertFalse(java.util.Arrays.equals(original(name), Files.readAllBytes(versions.get(0))),
                        name + " was loaded woven");
            }

            Configs.replace(config, "instrument: []\n");
            String reloaded = app.awaitStderr("config reloaded");
            assertTrue(reloaded.contains("removed [checkout, repository, pricing]; " + WOVEN.size()
                    + " loaded class(es) retransformed"), reloaded);

            for (String name : WOVEN) {
                List<Path> versions = versionsOf(recorded, name);
                assertEquals(2, versions.size(), name + " was retransformed once");
                assertArrayEquals(original(name), Files.readAllBytes(versions.get(1)),
                        name + " runs its original class file again, byte for byte");
            }
            assertEquals(200, app.app("/orders/place?item=book&qty=2").statusCode());
            Scrape scrape = new Scrape(app.scrape());
            assertTrue(scrape.all("weft_method_calls_total").isEmpty(), scrape.text());
            assertEquals(0, scrape.value("weft_selectors"));
        }
    }

    /** The recorder's files for a class, oldest first (their names start with a sequence number). */
    private static List<Path> versionsOf(Path recorded, String className) throws IOException {
        try (Stream<Path> files = Files.list(recorded)) {
            List<Path> versions = new ArrayList<>(files.filter(f -> f.getFileName().toString()
                    .endsWith("-" + className + ".class")).sorted().toList());
            return versions;
        }
    }

    private static byte[] original(String className) throws IOException {
        try (JarFile jar = new JarFile(AppProcess.ORDERS_JAR.toFile());
             InputStream in = jar.getInputStream(jar.getEntry(className.replace('.', '/') + ".class"))) {
            return in.readAllBytes();
        }
    }
}
