package dev.weft.agent.state;

import dev.weft.agent.json.JsonWriter;
import dev.weft.agent.weave.RetransformReport;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A reload's outcome as {@code POST /reload} answers it and {@code /selectors} shows it. */
class ReloadOutcomeTest {

    @Test
    void anAppliedReloadCarriesWhatItCost() {
        ReloadOutcome applied = new ReloadOutcome("applied", "POST /reload", Instant.parse("2026-11-23T10:00:00Z"),
                "added [pricing]", List.of(), new RetransformReport(3, 1, 19_631_400, 19_631_400, 0));
        assertEquals("{\"status\":\"applied\",\"trigger\":\"POST /reload\",\"at\":\"2026-11-23T10:00:00Z\","
                + "\"summary\":\"added [pricing]\",\"problems\":[],\"classesRetransformed\":3,\"batches\":1,"
                + "\"longestBatchMillis\":19.631,\"retransformFailures\":0}", JsonWriter.render(applied));
    }

    @Test
    void aRejectedReloadListsTheProblems() {
        ReloadOutcome rejected = new ReloadOutcome("rejected", "file changed", Instant.parse("2026-11-23T10:00:00.5Z"),
                "reload rejected", List.of("weft.yaml:3:5: instrument[0].methds: unknown key"), RetransformReport.NONE);
        assertEquals("{\"status\":\"rejected\",\"trigger\":\"file changed\",\"at\":\"2026-11-23T10:00:00.500Z\","
                + "\"summary\":\"reload rejected\",\"problems\":[\"weft.yaml:3:5: instrument[0].methds: unknown key\"],"
                + "\"classesRetransformed\":0,\"batches\":0,\"longestBatchMillis\":0.000,\"retransformFailures\":0}",
                JsonWriter.render(rejected));
    }
}
