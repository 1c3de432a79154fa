package dev.weft.agent.http.view;

import dev.weft.agent.json.JsonWritable;
import dev.weft.agent.json.JsonWriter;
import dev.weft.instrumentation.weaving.InstrumentationStatus;

import java.util.List;

/**
 * The {@code GET /instrumentations} document: each built-in instrumentation, whether it is on, the
 * classes it wove and the class loaders it left alone because something its advice needs is
 * missing there (each list bounded, with the full count beside it).
 *
 * @param installed whether the built-ins are installed at all (they are once anything is traced or exported)
 */
public record InstrumentationsView(boolean installed, List<InstrumentationStatus> instrumentations)
        implements JsonWritable {

    @Override
    public void writeTo(JsonWriter json) {
        json.beginObject().name("installed").value(installed).name("instrumentations").beginArray();
        for (InstrumentationStatus status : instrumentations) {
            json.beginObject()
                    .name("name").value(status.name())
                    .name("group").value(status.group())
                    .name("enabled").value(status.enabled())
                    .name("wovenCount").value(status.wovenCount())
                    .name("woven").strings(status.wovenTypes())
                    .name("skippedCount").value(status.skippedCount())
                    .name("skipped").beginArray();
            for (InstrumentationStatus.Skip skip : status.skipped()) {
                json.beginObject().name("loader").value(skip.loader()).name("reason").value(skip.reason()).endObject();
            }
            json.endArray().endObject();
        }
        json.endArray().endObject();
    }
}
