package dev.weft.agent.http.view;

import dev.weft.agent.json.JsonWritable;
import dev.weft.agent.json.JsonWriter;
import dev.weft.agent.trace.ContinuityReport;

/**
 * The {@code GET /traces/continuity} document: every entry point with the requests that continued
 * an upstream trace and those that began one, every exit with its calls, those made outside any
 * trace and the methods that made them, each row with its verdict.
 *
 * @param tracing whether anything is traced now; the tracing handlers are what count, so with
 *                tracing off the report holds only what was counted while it was on
 */
public record ContinuityView(boolean tracing, ContinuityReport report) implements JsonWritable {

    static final String TRACING_OFF = "tracing is off: entries and exits are counted by the tracing handlers, "
            + "which run while an OTLP exporter or a traced selector is configured";

    @Override
    public void writeTo(JsonWriter json) {
        json.beginObject().name("tracing").value(tracing);
        if (!tracing) {
            json.name("note").value(TRACING_OFF);
        }
        json.name("entries").beginArray();
        for (ContinuityReport.EntryRow entry : report.entries()) {
            json.beginObject()
                    .name("kind").value(entry.kind())
                    .name("name").value(entry.name())
                    .name("continued").value(entry.continued())
                    .name("new").value(entry.started())
                    .name("verdict").value(entry.verdict())
                    .endObject();
        }
        json.endArray().name("exits").beginArray();
        for (ContinuityReport.ExitRow exit : report.exits()) {
            json.beginObject()
                    .name("kind").value(exit.kind())
                    .name("target").value(exit.target())
                    .name("calls").value(exit.calls())
                    .name("untraced").value(exit.untraced())
                    .name("verdict").value(exit.verdict())
                    .name("callers").beginArray();
            for (ContinuityReport.Caller caller : exit.callers()) {
                json.beginObject().name("method").value(caller.method()).name("untraced").value(caller.untraced())
                        .endObject();
            }
            json.endArray().endObject();
        }
        json.endArray().endObject();
    }
}
