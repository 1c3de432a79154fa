package dev.weft.agent.http;

import dev.weft.agent.config.EndpointAuth;

/** What the endpoint serves besides {@code /metrics}: the agent's own answers. */
public interface AgentEndpoints {

    /** A reply: status code and JSON body. */
    record Reply(int status, String json) {
    }

    /** What every endpoint but {@code /health} asks for; {@code null} when open. */
    EndpointAuth auth();

    /** {@code GET /version}: agent version, JDK, service. */
    String version();

    /** {@code GET /health}: healthy, degraded or down (503) with each check. */
    Reply health();

    /** {@code GET /slos}: each SLO over its window. */
    String slos();

    /** {@code GET /metrics/json}: the registry as JSON, with each method's quantiles. */
    String metricsJson();

    /** {@code GET /}: the status page, HTML. */
    String statusPage();

    /** {@code GET /ready}: has the agent finished starting? */
    boolean ready();

    /** {@code GET /selectors}: every selector and what it has woven right now. */
    String selectors();

    /** {@code POST /reload}: re-reads the config file and puts it in force if valid. */
    Reply reload();
}
