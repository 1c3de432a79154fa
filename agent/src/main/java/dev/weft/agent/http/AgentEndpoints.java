package dev.weft.agent.http;

import dev.weft.agent.config.EndpointAuth;
import dev.weft.agent.http.view.ContinuityView;
import dev.weft.agent.http.view.HealthView;
import dev.weft.agent.http.view.InstrumentationsView;
import dev.weft.agent.http.view.MetricsView;
import dev.weft.agent.http.view.SelectorsView;
import dev.weft.agent.http.view.SlosView;
import dev.weft.agent.http.view.StatusPage;
import dev.weft.agent.http.view.VersionView;

/**
 * What the endpoint serves besides {@code /metrics}: the agent's own answers, as the views that
 * the {@link Routes} render.
 */
public interface AgentEndpoints {

    /** What every endpoint but {@code /health} asks for; {@code null} when open. */
    EndpointAuth auth();

    /** {@code GET /version}: agent version, JDK, service. */
    VersionView version();

    /** {@code GET /health}: healthy, degraded or down (503) with each check. */
    HealthView health();

    /** {@code GET /slos}: each SLO over its window. */
    SlosView slos();

    /** {@code GET /metrics/json}: the registry, with each method's quantiles. */
    MetricsView metricsJson();

    /** {@code GET /}: the status page. */
    StatusPage statusPage();

    /** {@code GET /ready}: has the agent finished starting? */
    boolean ready();

    /** {@code GET /selectors}: every selector and what it has woven right now. */
    SelectorsView selectors();

    /** {@code GET /instrumentations}: each built-in instrumentation and what it wove or skipped. */
    InstrumentationsView instrumentations();

    /** {@code GET /traces/continuity}: where traces arrive continued or new, and which calls leave with none. */
    ContinuityView continuity();

    /**
     * {@code POST /reload} (with credentials configured): re-reads the config file and puts it in
     * force if valid; 200 when applied or unchanged, 422 when rejected, and a {@code Refusal} when
     * the file cannot be read.
     */
    Reply reload();
}
