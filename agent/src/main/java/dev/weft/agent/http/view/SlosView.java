package dev.weft.agent.http.view;

import dev.weft.agent.config.Slo;
import dev.weft.agent.json.JsonWritable;
import dev.weft.agent.json.JsonWriter;
import dev.weft.agent.metrics.Durations;
import dev.weft.agent.metrics.SloEvaluator;

import java.util.List;

/** The {@code GET /slos} document: each SLO now, over its window. */
public record SlosView(List<SloEvaluator.State> slos) implements JsonWritable {

    @Override
    public void writeTo(JsonWriter json) {
        json.beginObject().name("slos");
        writeArray(json, slos);
        json.endObject();
    }

    /** Why an objective whose threshold is not a bucket cannot alert. */
    public static String missingBucketNote(double thresholdSeconds) {
        String le = Double.toString(thresholdSeconds); // as the le label writes it
        return "the threshold " + le + " s is not a bucket of the histograms in force (buckets are fixed for the "
                + "life of the process): there is no le=\"" + le + "\" series, so the generated alert rules cannot "
                + "see this objective until the next start; met here is strict by at most one fine-grained slot";
    }

    /** Each SLO as an object: its verdict, its window's calls and each objective's target and value. */
    static void writeArray(JsonWriter json, List<SloEvaluator.State> states) {
        json.beginArray();
        for (SloEvaluator.State state : states) {
            Slo slo = state.slo();
            json.beginObject()
                    .name("name").value(slo.name())
                    .name("selector").value(slo.selector())
                    .name("met").value(state.met())
                    .name("window").value(Durations.text(slo.window()))
                    .name("windowSeconds").value(state.seconds())
                    .name("calls").value(state.calls())
                    .name("errors").value(state.errors())
                    .name("objectives").beginArray();
            for (SloEvaluator.Objective objective : state.objectives()) {
                json.beginObject().name("objective").value(objective.kind());
                if (objective.kind().equals(SloEvaluator.LATENCY)) {
                    json.name("percentile").value(slo.latencyPercentile());
                }
                json.name("target").value(objective.target())
                        .name("value").value(objective.value())
                        .name("met").value(objective.met());
                if (!objective.thresholdBucket()) {
                    json.name("thresholdBucket").value("missing until restart")
                            .name("note").value(missingBucketNote(objective.target()));
                }
                json.endObject();
            }
            json.endArray().endObject();
        }
        json.endArray();
    }
}
