package dev.weft.agent.state;

import dev.weft.agent.json.JsonWritable;
import dev.weft.agent.json.JsonWriter;
import dev.weft.agent.weave.RetransformReport;

import java.time.Instant;
import java.util.List;

/**
 * What became of one attempt to put a changed config in force.
 *
 * @param status   {@code applied}, {@code rejected} (the file has problems; the old config stays)
 *                 or {@code unchanged}
 * @param trigger  what asked for it: the file watcher or {@code POST /reload}
 * @param summary  one line for people, e.g. the selectors added, changed and removed
 * @param problems the file's problems when rejected
 * @param report   the retransformation it took when applied
 */
public record ReloadOutcome(String status, String trigger, Instant at, String summary, List<String> problems,
                     RetransformReport report) implements JsonWritable {

    /** As {@code POST /reload} answers and {@code /selectors} shows the last reload. */
    @Override
    public void writeTo(JsonWriter json) {
        json.beginObject()
                .name("status").value(status)
                .name("trigger").value(trigger)
                .name("at").value(at.toString())
                .name("summary").value(summary)
                .name("problems").strings(problems)
                .name("classesRetransformed").value(report.classes())
                .name("batches").value(report.batches())
                .name("longestBatchMillis").value(report.longestBatchNanos() / 1e6, 3)
                .name("retransformFailures").value(report.failed())
                .endObject();
    }
}
