package dev.weft.agent.state;

import dev.weft.agent.http.Json;
import dev.weft.agent.weave.RetransformReport;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
                     RetransformReport report) {

    public String toJson() {
        Map<String, String> json = new LinkedHashMap<>();
        json.put("status", Json.quote(status));
        json.put("trigger", Json.quote(trigger));
        json.put("at", Json.quote(at.toString()));
        json.put("summary", Json.quote(summary));
        json.put("problems", Json.strings(problems));
        json.put("classesRetransformed", Integer.toString(report.classes()));
        json.put("batches", Integer.toString(report.batches()));
        json.put("longestBatchMillis", String.format(java.util.Locale.ROOT, "%.3f", report.longestBatchNanos() / 1e6));
        json.put("retransformFailures", Integer.toString(report.failed()));
        return Json.object(json);
    }
}
