package dev.weft.agent.trace;

import acme.shop.CheckoutJob;
import acme.shop.RefundJob;
import dev.weft.agent.metrics.MetricSnapshot;
import dev.weft.agent.trace.TraceContinuity.Entry;
import dev.weft.agent.trace.TraceContinuity.Exit;
import org.junit.jupiter.api.Test;
import testlib.http.FakeHttpClient;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The continuity report: entries counted continued or new, exits counted in a trace or not, an
 * untraced call named by the application method under the library that made it, the stack walked
 * at most once a second per exit, and every part capped.
 */
class TraceContinuityTest {

    private static final String PEER = "ledger:8080";
    private final AtomicLong clock = new AtomicLong(5_000_000_000L);
    private final TraceContinuity continuity = new TraceContinuity(
            new CallerFrames(Map.of(Exit.HTTP_CLIENT, List.of("testlib.http."))), clock::get, 3, 2);
    private final FakeHttpClient client = new FakeHttpClient(continuity);

    @Test
    void entriesAreCountedContinuedOrNewWithAVerdictEach() {
        continuity.entry(Entry.HTTP_SERVER, "/orders/{id}", true);
        continuity.entry(Entry.HTTP_SERVER, "/orders/{id}", true);
        continuity.entry(Entry.HTTP_SERVER, "/checkout", true);
        continuity.entry(Entry.HTTP_SERVER, "/checkout", false);
        continuity.entry(Entry.MESSAGING_CONSUMER, "payments", false);

        assertEquals(List.of(
                        new ContinuityReport.EntryRow("http_server", "/checkout", 1, 1),
                        new ContinuityReport.EntryRow("http_server", "/orders/{id}", 2, 0),
                        new ContinuityReport.EntryRow("messaging_consumer", "payments", 0, 1)),
                continuity.report().entries());
        assertEquals(List.of("partial", "ok", "root"),
                continuity.report().entries().stream().map(ContinuityReport.EntryRow::verdict).toList());
    }

    @Test
    void anUntracedCallIsNamedByTheFirstMethodOutsideTheLibraryThatMadeIt() {
        CheckoutJob.run(client, PEER, true);
        CheckoutJob.run(client, PEER, false);
        CheckoutJob.run(client, PEER, false);
        CheckoutJob.run(client, "inventory:9000", true);

        assertEquals(List.of(
                        new ContinuityReport.ExitRow("http_client", "inventory:9000", 1, 0, List.of()),
                        new ContinuityReport.ExitRow("http_client", PEER, 3, 2,
                                List.of(new ContinuityReport.Caller("acme.shop.CheckoutJob.run", 2)))),
                continuity.report().exits());
        assertEquals(List.of("ok", "broken"),
                continuity.report().exits().stream().map(ContinuityReport.ExitRow::verdict).toList());
    }

    @Test
    void theLibrariesSkippedAreThoseOfTheKindOfCall() {
        CheckoutJob.audit(client, "orders-db");
        assertEquals(List.of(new ContinuityReport.Caller("testlib.http.FakeHttpClient.query", 1)),
                continuity.report().exits().get(0).callers(), "not a database library: its own frame is the caller");
    }

    @Test
    void theStackIsWalkedForAnExitAtMostOnceASecond() {
        CheckoutJob.run(client, PEER, false);
        clock.addAndGet(999_000_000L);
        RefundJob.run(client, PEER); // within the second: counted under the caller last found
        clock.addAndGet(1_000_000L);
        RefundJob.run(client, PEER); // a second after the walk: walks again
        CheckoutJob.run(client, PEER, false);

        assertEquals(List.of(new ContinuityReport.Caller("acme.shop.CheckoutJob.run", 2),
                        new ContinuityReport.Caller("acme.shop.RefundJob.run", 2)),
                continuity.report().exits().get(0).callers());
        assertEquals(4, continuity.report().exits().get(0).untraced(), "the exit's untraced count is exact");
    }

    @Test
    void entriesExitsAndCallersAreCappedIntoOther() {
        for (String route : List.of("/a", "/b", "/c", "/d", "/e")) {
            continuity.entry(Entry.HTTP_SERVER, route, false);
        }
        for (String target : List.of("a:1", "b:1", "c:1", "d:1")) {
            CheckoutJob.run(client, target, false);
        }
        clock.addAndGet(2_000_000_000L);
        RefundJob.run(client, "a:1"); // the third caller over all exits

        assertEquals(List.of("/a", "/b", "/c", "other"),
                continuity.report().entries().stream().map(ContinuityReport.EntryRow::name).toList());
        assertEquals(2, continuity.report().entries().get(3).started());
        List<ContinuityReport.ExitRow> exits = continuity.report().exits();
        assertEquals(List.of("a:1", "b:1", "c:1", "other"), exits.stream().map(ContinuityReport.ExitRow::target).toList());
        assertEquals(List.of(new ContinuityReport.Caller("acme.shop.CheckoutJob.run", 1),
                new ContinuityReport.Caller("other", 1)), exits.get(0).callers());
        assertEquals(List.of(new ContinuityReport.Caller("acme.shop.CheckoutJob.run", 1)), exits.get(1).callers());
        assertEquals(List.of(new ContinuityReport.Caller("other", 1)), exits.get(2).callers());
    }

    @Test
    void theMetricsNameEachRowAndEachCaller() {
        assertEquals(List.of(), continuity.collect(), "nothing counted, no family");
        continuity.entry(Entry.RPC_SERVER, "shop.Cart/Add", true);
        CheckoutJob.run(client, PEER, false);
        CheckoutJob.run(client, PEER, true);

        List<MetricSnapshot> families = continuity.collect();
        assertEquals(List.of(TraceContinuity.ENTRIES, TraceContinuity.EXITS, TraceContinuity.UNTRACED),
                families.stream().map(MetricSnapshot::name).toList());
        assertEquals(List.of("rpc_server|shop.Cart/Add|continued=1.0", "rpc_server|shop.Cart/Add|new=0.0"),
                points(families.get(0)));
        assertEquals(List.of("http_client|" + PEER + "=2.0"), points(families.get(1)));
        assertEquals(List.of("http_client|" + PEER + "|acme.shop.CheckoutJob.run=1.0"), points(families.get(2)));
        assertEquals(List.of("kind", "target", "caller"),
                ((MetricSnapshot.Counter) families.get(2)).points().get(0).labels().names());
    }

    private static List<String> points(MetricSnapshot family) {
        return ((MetricSnapshot.Counter) family).points().stream()
                .map(p -> String.join("|", p.labels().values()) + "=" + p.value()).toList();
    }
}
