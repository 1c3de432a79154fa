package dev.weft.agent.http.view;

import dev.weft.agent.config.ConfigProblem;
import dev.weft.agent.config.Slo;
import dev.weft.agent.json.JsonWriter;
import dev.weft.agent.metrics.SloEvaluator;
import dev.weft.agent.export.ExportStatus;
import dev.weft.instrumentation.weaving.InstrumentationStatus;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The endpoint's JSON documents, to the byte: scripts and the integration tests read them as text. */
class ViewsTest {

    @Test
    void healthIsItsVerdictTheChecksAndWhatRuns() {
        Health health = new Health();
        health.weaving(true, 0);
        health.config("weft.yaml", List.of(new ConfigProblem("weft.yaml", 3, 5, "instrument[0].methds", "unknown key")));
        health.exporter("otlp-spans", null);
        Map<String, Integer> woven = new LinkedHashMap<>();
        woven.put("checkout", 4);
        woven.put("we\"ird", 0);
        HealthView view = new HealthView(health, "shop", "1.2.3", "weft.yaml", 1, woven, 2);
        assertEquals(200, view.httpStatus());
        assertEquals("{\"status\":\"degraded\",\"checks\":[{\"name\":\"weaving\",\"status\":\"healthy\",\"detail\":\"installed\"},"
                + "{\"name\":\"config\",\"status\":\"degraded\",\"detail\":\"1 problem(s); the parts concerned were skipped, e.g. "
                + "weft.yaml:3:5: instrument[0].methds: unknown key\"}],\"service\":\"shop\",\"version\":\"1.2.3\","
                + "\"config\":\"weft.yaml\",\"configProblems\":1,\"wovenMethods\":{\"checkout\":4,\"we\\\"ird\":0},"
                + "\"weaveErrors\":2}", JsonWriter.render(view));
    }

    @Test
    void aDownCheckIsServedWith503() {
        Health health = new Health();
        health.weaving(false, 0);
        health.exporter("otlp-metrics", new ExportStatus.Outcome(false, Instant.EPOCH, "connection refused"));
        assertEquals(503, new HealthView(health, "shop", "1.2.3", null, 0, Map.of(), 0).httpStatus());
    }

    @Test
    void slosCarryEachObjectiveWithNullForAWindowWithoutCalls() {
        Slo both = new Slo("fast", "checkout", 95.0, 0.25, 0.995, Duration.ofMinutes(5), 7);
        SloEvaluator.State quiet = new SloEvaluator.State(both, 0, 0, 12.5, List.of(
                new SloEvaluator.Objective(SloEvaluator.LATENCY, 0.25, Double.NaN, true),
                new SloEvaluator.Objective(SloEvaluator.SUCCESS, 0.995, Double.NaN, true)));
        Slo success = new Slo("ok", "checkout", null, null, 0.5, Duration.ofSeconds(30), 12);
        SloEvaluator.State busy = new SloEvaluator.State(success, 10, 6, 30, List.of(
                new SloEvaluator.Objective(SloEvaluator.SUCCESS, 0.5, 0.4, false)));
        assertEquals("{\"slos\":[{\"name\":\"fast\",\"selector\":\"checkout\",\"met\":true,\"window\":\"5m\","
                + "\"windowSeconds\":12.5,\"calls\":0,\"errors\":0,\"objectives\":["
                + "{\"objective\":\"latency\",\"percentile\":95,\"target\":0.25,\"value\":null,\"met\":true},"
                + "{\"objective\":\"success\",\"target\":0.995,\"value\":null,\"met\":true}]},"
                + "{\"name\":\"ok\",\"selector\":\"checkout\",\"met\":false,\"window\":\"30s\",\"windowSeconds\":30,"
                + "\"calls\":10,\"errors\":6,\"objectives\":[{\"objective\":\"success\",\"target\":0.5,\"value\":0.4,"
                + "\"met\":false}]}]}", JsonWriter.render(new SlosView(List.of(quiet, busy))));
    }

    @Test
    void aLatencyObjectiveWithoutItsBucketSaysTheRulesCannotSeeIt() {
        Slo added = new Slo("added", "checkout", 95.0, 0.3, null, Duration.ofMinutes(5), 9);
        SloEvaluator.State state = new SloEvaluator.State(added, 4, 0, 60, List.of(
                new SloEvaluator.Objective(SloEvaluator.LATENCY, 0.3, 0.01, true, false)));
        assertEquals("{\"slos\":[{\"name\":\"added\",\"selector\":\"checkout\",\"met\":true,\"window\":\"5m\","
                + "\"windowSeconds\":60,\"calls\":4,\"errors\":0,\"objectives\":[{\"objective\":\"latency\","
                + "\"percentile\":95,\"target\":0.3,\"value\":0.01,\"met\":true,"
                + "\"thresholdBucket\":\"missing until restart\",\"note\":\"the threshold 0.3 s is not a bucket of the "
                + "histograms in force (buckets are fixed for the life of the process): there is no le=\\\"0.3\\\" "
                + "series, so the generated alert rules cannot see this objective until the next start; met here is "
                + "strict by at most one fine-grained slot\"}]}]}", JsonWriter.render(new SlosView(List.of(state))));
    }

    @Test
    void aRefusalSaysWhy() {
        assertEquals("{\"status\":\"rejected\",\"summary\":\"cannot read \\\"weft.yaml\\\"\"}",
                JsonWriter.render(new Refusal("rejected", "cannot read \"weft.yaml\"")));
    }

    @Test
    void instrumentationsSayWhatEachWoveAndWhereItWasSkipped() {
        InstrumentationStatus servlet = new InstrumentationStatus("servlet-jakarta", "servlet", true,
                List.of("org.apache.catalina.core.ApplicationFilterChain"), 1,
                List.of(new InstrumentationStatus.Skip("plugins (URLClassLoader@1a2b)",
                        "jakarta.servlet.http.HttpServletRequest#getMethod() not found")), 1);
        InstrumentationStatus executors = new InstrumentationStatus("executors", "executors", false, List.of(), 0,
                List.of(), 0);
        assertEquals("{\"installed\":true,\"instrumentations\":["
                + "{\"name\":\"servlet-jakarta\",\"group\":\"servlet\",\"enabled\":true,\"wovenCount\":1,"
                + "\"woven\":[\"org.apache.catalina.core.ApplicationFilterChain\"],\"skippedCount\":1,"
                + "\"skipped\":[{\"loader\":\"plugins (URLClassLoader@1a2b)\","
                + "\"reason\":\"jakarta.servlet.http.HttpServletRequest#getMethod() not found\"}]},"
                + "{\"name\":\"executors\",\"group\":\"executors\",\"enabled\":false,\"wovenCount\":0,"
                + "\"woven\":[],\"skippedCount\":0,\"skipped\":[]}]}",
                JsonWriter.render(new InstrumentationsView(true, List.of(servlet, executors))));
    }
}
