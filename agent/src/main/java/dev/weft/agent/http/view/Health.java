package dev.weft.agent.http.view;

import dev.weft.agent.config.ConfigProblem;
import dev.weft.agent.json.JsonWriter;
import dev.weft.agent.metrics.SloEvaluator;
import dev.weft.agent.export.ExportStatus;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code GET /health}: is Weft doing its job? Each check is {@code healthy}, {@code degraded} (Weft
 * measures, but something needs a look: a skipped selector, an export failing, an SLO violated) or
 * {@code down} (Weft measures nothing: weaving is not installed, or the config could not be used at
 * all). The worst check is the answer; {@code down} is served with 503.
 */
public final class Health {

    static final String HEALTHY = "healthy";
    static final String DEGRADED = "degraded";
    static final String DOWN = "down";

    /** One check's outcome. */
    record Check(String name, String status, String detail) {
    }

    private final List<Check> checks = new ArrayList<>();
    private String status = HEALTHY;

    public void weaving(boolean ready, long weaveErrors) {
        if (!ready) {
            add("weaving", DOWN, "weaving is not installed yet");
        } else if (weaveErrors > 0) {
            add("weaving", DEGRADED, weaveErrors + " class(es) left unwoven because weaving failed (see stderr)");
        } else {
            add("weaving", HEALTHY, "installed");
        }
    }

    public void config(String source, List<ConfigProblem> problems) {
        // a problem with no key is the file's as a whole: unreadable, or not YAML Weft can use
        ConfigProblem unusable = problems.stream().filter(p -> p.key().isEmpty()).findFirst().orElse(null);
        if (source == null) {
            add("config", HEALTHY, "no config file: nothing selected");
        } else if (unusable != null) {
            add("config", DOWN, unusable.toString());
        } else if (!problems.isEmpty()) {
            add("config", DEGRADED, problems.size() + " problem(s); the parts concerned were skipped, e.g. "
                    + problems.get(0));
        } else {
            add("config", HEALTHY, source);
        }
    }

    public void exporter(String name, ExportStatus.Outcome outcome) {
        if (outcome == null) {
            return;
        }
        if (outcome.ok() == null) {
            add(name, HEALTHY, "nothing exported yet");
        } else if (outcome.ok()) {
            add(name, HEALTHY, "last export succeeded at " + outcome.at());
        } else {
            add(name, DEGRADED, "last export failed at " + outcome.at() + ": " + outcome.failure());
        }
    }

    public void slos(List<SloEvaluator.State> states) {
        if (states.isEmpty()) {
            return;
        }
        List<String> violated = states.stream().filter(s -> !s.met()).map(s -> s.slo().name()).toList();
        add("slos", violated.isEmpty() ? HEALTHY : DEGRADED, violated.isEmpty()
                ? "all " + states.size() + " met" : "violated: " + String.join(", ", violated));
    }

    private void add(String name, String checkStatus, String detail) {
        checks.add(new Check(name, checkStatus, detail));
        if (checkStatus.equals(DOWN) || (checkStatus.equals(DEGRADED) && status.equals(HEALTHY))) {
            status = checkStatus;
        }
    }

    String status() {
        return status;
    }

    int httpStatus() {
        return status.equals(DOWN) ? 503 : 200;
    }

    List<Check> checks() {
        return List.copyOf(checks);
    }

    /** The checks as a JSON array. */
    void writeChecks(JsonWriter json) {
        json.beginArray();
        for (Check check : checks) {
            json.beginObject()
                    .name("name").value(check.name())
                    .name("status").value(check.status())
                    .name("detail").value(check.detail())
                    .endObject();
        }
        json.endArray();
    }
}
