package dev.weft.it;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code java -jar weft-agent.jar attach|list} against a service started without any agent. */
class AttachIT {

    private static final String CONFIG = """
            instrument:
              - name: checkout
                class: acme.orders.OrderService
                methods: [placeOrder]
                record: [timer, count, errors]
              - name: repository
                implements: acme.orders.OrderRepository
                record: [count]
            """;
    private static final String PLACE = "/orders/place?item=book&qty=1";
    private static final String[] PLACE_ORDER = {"selector", "checkout", "class", "acme.orders.OrderService",
            "method", "placeOrder"};
    private static final String[] SAVE = {"selector", "repository", "class", "acme.orders.InMemoryOrderRepository",
            "method", "save"};

    @Test
    void attachUnderTrafficWeavesLoadedClassesAndCountsTheNextCallsExactly(@TempDir Path dir) throws Exception {
        Path config = Configs.write(dir, "weft.yaml", CONFIG);
        try (AppProcess app = AppProcess.withoutAgent().awaitApp()) {
            Traffic traffic = new Traffic(app, PLACE, "order ");
            await().atMost(Duration.ofSeconds(30)).until(() -> traffic.ok() >= 50);

            WeftCli.Result list = WeftCli.run("list");
            assertEquals(0, list.exitCode(), list.stderr());
            assertTrue(list.stdout().lines().anyMatch(line -> line.startsWith(app.pid() + " ")
                    && line.contains("orders.jar")), "list shows the app:\n" + list.stdout());

            WeftCli.Result attach = WeftCli.run("attach", Long.toString(app.pid()), "config=" + config + ",port=0");
            assertEquals(0, attach.exitCode(), attach.stderr());
            assertTrue(attach.stdout().contains("Weft loaded into JVM " + app.pid()), attach.stdout());
            app.awaitAgent();
            assertTrue(app.awaitStderr("wove classes loaded before Weft")
                    .contains("2 loaded class(es) retransformed"), String.join("\n", app.stderr()));
            long during = traffic.ok();
            await().atMost(Duration.ofSeconds(30)).until(() -> traffic.ok() >= during + 50);
            traffic.stop();
            assertEquals(List.of(), traffic.failures(), "the app answered every request right, before, during and after");

            Scrape before = new Scrape(app.scrape());
            for (int i = 0; i < 40; i++) {
                assertEquals(200, app.app(PLACE).statusCode());
            }
            Scrape after = new Scrape(app.scrape());
            assertEquals(before.value("weft_method_calls_total", PLACE_ORDER) + 40,
                    after.value("weft_method_calls_total", PLACE_ORDER));
            assertEquals(before.value("weft_method_duration_seconds_count", PLACE_ORDER) + 40,
                    after.value("weft_method_duration_seconds_count", PLACE_ORDER));
            assertEquals(before.value("weft_method_calls_total", SAVE) + 40, after.value("weft_method_calls_total", SAVE));
            assertTrue(before.value("weft_method_calls_total", PLACE_ORDER) <= traffic.ok(),
                    "only calls made after the attach were counted");
            assertEquals(0, after.value("weft_weave_errors_total"));
        }
    }

    @Test
    void aSecondAttachIsIgnoredAndNothingIsCountedTwice(@TempDir Path dir) throws Exception {
        Path config = Configs.write(dir, "weft.yaml", CONFIG);
        try (AppProcess app = AppProcess.withoutAgent().awaitApp()) {
            assertEquals(200, app.app(PLACE).statusCode());
            String pid = Long.toString(app.pid());
            assertEquals(0, WeftCli.run("attach", pid, "config=" + config + ",port=0").exitCode());
            app.awaitAgent();
            assertEquals(0, WeftCli.run("attach", pid, "config=" + config + ",port=0").exitCode());
            app.awaitStderr("Weft is already running in this JVM");

            double before = new Scrape(app.scrape()).value("weft_method_calls_total", PLACE_ORDER);
            for (int i = 0; i < 10; i++) {
                assertEquals(200, app.app(PLACE).statusCode());
            }
            assertEquals(before + 10, new Scrape(app.scrape()).value("weft_method_calls_total", PLACE_ORDER));
            assertEquals(1, app.stderrLinesWith("[weft] Weft ").size(), "one Weft started");
        }
    }

    @Test
    void attachToAProcessThatDoesNotExistFailsWithAClearMessage() throws Exception {
        WeftCli.Result attach = WeftCli.run("attach", "999999999");
        assertEquals(1, attach.exitCode());
        assertTrue(attach.stderr().contains("no process 999999999"), attach.stderr());
    }

    @Test
    void attachWithoutAPidPrintsUsage() throws Exception {
        WeftCli.Result attach = WeftCli.run("attach");
        assertEquals(2, attach.exitCode());
        assertTrue(attach.stderr().contains("usage: java -jar weft-agent.jar"), attach.stderr());
    }
}
