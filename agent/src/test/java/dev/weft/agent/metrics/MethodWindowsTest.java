package dev.weft.agent.metrics;

import dev.weft.agent.config.ConfigLoader;
import dev.weft.agent.config.ConfigResult;
import dev.weft.agent.config.WeftConfig;
import dev.weft.bootstrap.MethodProbe;
import dev.weft.bootstrap.Probes;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Windows of very different lengths in one config, driven second by second. */
class MethodWindowsTest {

    private static WeftConfig config(String slos) {
        ConfigResult result = ConfigLoader.parse("""
                instrument:
                  - name: checkout
                    class: acme.Checkout
                    record: [timer, count, errors]
                slos:
                """ + slos.indent(2), "weft.yaml", "svc");
        assertEquals(List.of(), result.problems());
        return result.config();
    }

    private static final String SHORT_AND_LONG = """
            - name: five-minutes
              selector: checkout
              success: 99%
              window: 5m
            - name: a-day
              selector: checkout
              success: 99%
              window: 24h
            """;

    private final WeftConfig config = config(SHORT_AND_LONG);
    private final MethodMetrics methods = new MethodMetrics(config.metrics().bucketsSeconds());
    private final MethodWindows windows = new MethodWindows(methods, MethodWindows.windows(config));
    private final SloEvaluator slos = new SloEvaluator(methods, windows, config.slos());
    private final MethodMetrics.Entry place = woven();

    private MethodMetrics.Entry woven() {
        MethodMetrics.Entry entry = methods.probeFor(config.instrument().get(0), "acme.Checkout", "place");
        methods.commit(getClass().getClassLoader(), "acme.Checkout", List.of(new MethodMetrics.WovenMethod(entry, "place()")));
        return entry;
    }

    /** A second of traffic: {@code count} calls, every other one throwing, then the second ends. */
    private void second(int count) {
        MethodProbe probe = Probes.get(place.id());
        for (int i = 0; i < count; i++) {
            probe.record(Probes.TIMER | Probes.ERRORS, 1_000_000, i % 2 == 0 ? new IllegalStateException() : null);
        }
        windows.advance();
    }

    private SloEvaluator.State state(String name) {
        return slos.evaluate().stream().filter(s -> s.slo().name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void aLongWindowDoesNotBlindAShortOne() {
        assertEquals(Duration.ofSeconds(10), windows.tick(Duration.ofMinutes(5)));
        assertEquals(Duration.ofHours(1), windows.tick(Duration.ofHours(24)));
        assertEquals(Duration.ofSeconds(2), windows.tick(Duration.ofMinutes(1)), "the per-method window as before");
        for (int s = 0; s < 30; s++) {
            second(10);
        }
        SloEvaluator.State fiveMinutes = state("five-minutes");
        assertEquals(300, fiveMinutes.calls(), "three 10-second ticks, while the day's window moves by the hour");
        assertEquals(150, fiveMinutes.errors());
        assertFalse(fiveMinutes.met(), "half the calls failed: " + fiveMinutes);
        assertEquals(30.0, fiveMinutes.seconds());
        MethodWindows.Window minute = windows.over(place, Duration.ofMinutes(1));
        assertEquals(300, minute.calls());
        assertEquals(30.0, minute.seconds());
    }

    @Test
    void theShortWindowSlidesAtItsOwnPaceAndTheLongOneKeepsTheDay() {
        for (int s = 0; s < 3600; s++) {
            second(s < 60 ? 10 : 0); // a bad first minute, then quiet
        }
        assertEquals(0, state("five-minutes").calls(), "the bad minute left the five minutes long ago");
        assertTrue(state("five-minutes").met());
        SloEvaluator.State day = state("a-day");
        assertEquals(600, day.calls(), "the day's window keeps it");
        assertFalse(day.met());
        assertEquals(3600.0, day.seconds());
    }

    @Test
    void aWindowAddedByAReloadStartsFromNowAndMemoryStaysBounded() {
        for (int s = 0; s < 20; s++) {
            second(10);
        }
        StringBuilder many = new StringBuilder(SHORT_AND_LONG);
        for (int i = 0; i < 40; i++) { // forty more windows: the rings per method stay within the ladder
            many.append("- name: w").append(i).append("\n  selector: checkout\n  success: 99%\n  window: ")
                    .append(10 + i * 2000).append("s\n");
        }
        windows.setWindows(MethodWindows.windows(config(many.toString())));
        windows.setWindows(MethodWindows.windows(config(many + """
                - name: half-minute
                  selector: checkout
                  success: 99%
                  window: 30s
                """)));
        for (int s = 0; s < 5; s++) {
            second(1);
        }
        MethodWindows.Window halfMinute = windows.over(place, Duration.ofSeconds(30));
        assertEquals(5, halfMinute.calls(), "only what happened since the reload: " + halfMinute);
        assertEquals(5.0, halfMinute.seconds());
        assertTrue(place.windows.size() <= MethodWindows.LADDER_SECONDS.length, place.windows.keySet().toString());
        assertEquals(200, windows.over(place, Duration.ofMinutes(5)).calls(), "the five minutes kept their history");
    }
}
