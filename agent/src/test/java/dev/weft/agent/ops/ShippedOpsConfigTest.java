package dev.weft.agent.ops;

import dev.weft.agent.config.ConfigLoader;
import dev.weft.agent.config.ConfigResult;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** What config/ ships for the example config must be what the generators make now. */
class ShippedOpsConfigTest {

    private static final Path CONFIG_DIR = Path.of("..", "config");
    private static final String HOW = " differs from what the generator makes for config/examples/orders.yaml now;"
            + " run bin/ops-config and commit the result";

    private static ConfigResult example() {
        ConfigResult result = ConfigLoader.load(CONFIG_DIR.resolve("examples/orders.yaml"), "orders");
        assertEquals(List.of(), result.problems());
        return result;
    }

    @Test
    void shippedRulesAreUpToDate() throws IOException {
        assertEquals(AlertRules.generate(example().config(), OpsCommand.DEFAULT_RUNBOOK),
                Files.readString(CONFIG_DIR.resolve("prometheus/orders-rules.yml")), "config/prometheus/orders-rules.yml" + HOW);
    }

    @Test
    void shippedDashboardIsUpToDate() throws IOException {
        assertEquals(Dashboard.generate(example().config()),
                Files.readString(CONFIG_DIR.resolve("grafana/orders-dashboard.json")), "config/grafana/orders-dashboard.json" + HOW);
    }
}
