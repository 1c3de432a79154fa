package dev.weft.agent.http;

import dev.weft.agent.config.EndpointAuth;
import dev.weft.agent.http.view.ContinuityView;
import dev.weft.agent.http.view.Health;
import dev.weft.agent.http.view.HealthView;
import dev.weft.agent.http.view.InstrumentationsView;
import dev.weft.agent.http.view.MetricsView;
import dev.weft.agent.http.view.SelectorsView;
import dev.weft.agent.http.view.SlosView;
import dev.weft.agent.http.view.StatusPage;
import dev.weft.agent.http.view.VersionView;

import dev.weft.agent.trace.ContinuityReport;

import java.util.List;
import java.util.Map;

/** An agent with canned answers, for the endpoint's tests. */
class FakeAgent implements AgentEndpoints {

    EndpointAuth auth;
    boolean ready = true;
    int reloads;

    @Override
    public EndpointAuth auth() {
        return auth;
    }

    @Override
    public InstrumentationsView instrumentations() {
        return new InstrumentationsView(false, List.of());
    }

    @Override
    public VersionView version() {
        return new VersionView("1.2.3", "17.0.1", "Acme", "OpenJDK Runtime Environment", "shop");
    }

    @Override
    public HealthView health() {
        Health health = new Health();
        health.weaving(ready, 0);
        health.config(null, List.of());
        return new HealthView(health, "shop", "1.2.3", null, 0, Map.of("checkout", 2), 0);
    }

    @Override
    public SlosView slos() {
        return new SlosView(List.of());
    }

    @Override
    public MetricsView metricsJson() {
        throw new UnsupportedOperationException("not in these tests");
    }

    @Override
    public StatusPage statusPage() {
        throw new UnsupportedOperationException("not in these tests");
    }

    @Override
    public boolean ready() {
        return ready;
    }

    @Override
    public SelectorsView selectors() {
        throw new UnsupportedOperationException("not in these tests");
    }

    @Override
    public ContinuityView continuity() {
        return new ContinuityView(true, new ContinuityReport(List.of(new ContinuityReport.EntryRow("http_server", "/a", 1, 2)),
                List.of()));
    }

    @Override
    public Reply reload() {
        reloads++;
        return Reply.json(200, json -> json.beginObject().name("status").value("unchanged").endObject());
    }
}
