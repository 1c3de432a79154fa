package dev.weft.agent.http;

import dev.weft.agent.support.JdkModules;
import dev.weft.agent.support.WeftLog;
import dev.weft.agent.config.ConfigFollower;
import dev.weft.agent.config.PrometheusConfig;
import dev.weft.agent.config.TlsConfig;
import dev.weft.agent.config.WeftConfig;
import dev.weft.agent.metrics.MetricRegistry;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.util.concurrent.Executor;

/**
 * The endpoint's life: started once the application's classes are woven, moved when a reload
 * changes where it listens, stopped when the JVM exits. A busy port or a bad host costs the
 * endpoint, never the service; so does a runtime without the JDK's HTTP server, which Weft names
 * once with what to add.
 */
public final class EndpointLifecycle implements ConfigFollower<EndpointLifecycle.Address> {

    /** Where the endpoint listens and how: a change of any of it serves anew. */
    public record Address(String host, int port, TlsConfig tls) {
        static Address of(WeftConfig config) {
            PrometheusConfig prometheus = config.prometheus();
            return new Address(prometheus.host(), prometheus.port(), prometheus.tls());
        }
    }

    /** The JDK's HTTP server, which {@link EndpointServer} is built on. */
    private static final String SERVER_MODULE = "jdk.httpserver";

    private final MetricRegistry registry;
    private final AgentEndpoints views;
    private final Executor background;
    private final JdkModules modules;
    private volatile EndpointServer server;

    /**
     * @param background where an old endpoint is stopped after a move (not an endpoint thread: it waits for them)
     * @param modules    makes the JDK's HTTP server reachable, or says what the runtime lacks
     */
    public EndpointLifecycle(MetricRegistry registry, AgentEndpoints views, Executor background, JdkModules modules) {
        this.registry = registry;
        this.views = views;
        this.background = background;
        this.modules = modules;
    }

    /** Why the endpoint cannot be served in this JVM at all, or {@code null} when it can. */
    private String unservable() {
        String missing = modules.unavailable(SERVER_MODULE);
        if (missing != null) {
            WeftLog.warnOnce("endpoint:module", "endpoint not started: " + missing
                    + ". Weaving and config watching go on.");
        }
        return missing;
    }

    /** Starts serving; returns where, for the start line, or {@code "none"} when it could not. */
    public synchronized String start(WeftConfig config) {
        Address address = Address.of(config);
        String where = address.host() + ":" + address.port();
        if (unservable() != null) {
            return "none";
        }
        try {
            EndpointServer started = EndpointServer.start(address.host(), address.port(), address.tls(), registry, views);
            InetAddress bound = started.address().getAddress();
            if (!bound.isLoopbackAddress()) {
                WeftLog.warn("the endpoint listens on " + bound.getHostAddress()
                        + ", reachable from other hosts; set exporters.prometheus.host: 127.0.0.1 to keep it local");
            }
            server = started;
            String host = bound.getHostAddress().contains(":") ? "[" + bound.getHostAddress() + "]" : bound.getHostAddress();
            return (started.secure() ? "https://" : "http://") + host + ":" + started.address().getPort() + "/metrics";
        } catch (BindException e) {
            WeftLog.warn("endpoint not started: " + where + " is in use or cannot be bound (" + e.getMessage()
                    + "); set exporters.prometheus.port or the agent option port=N. Weaving goes on.");
        } catch (IOException | RuntimeException | LinkageError e) {
            WeftLog.warn("endpoint not started on " + where + ": " + e + ". Weaving goes on.");
        }
        return "none";
    }

    @Override
    public String name() {
        return "the endpoint";
    }

    @Override
    public Address follows(WeftConfig config) {
        return Address.of(config);
    }

    /** Serves at the new address, and stops serving at the old one once the new one is up. */
    @Override
    public synchronized void changed(Address before, Address after, WeftConfig config) {
        if (unservable() != null) {
            return; // said at start
        }
        EndpointServer old = server;
        server = null;
        String where = start(config);
        if (server == null) {
            server = old;
            WeftLog.warn("the endpoint stays where it was");
            return;
        }
        if (old != null) {
            background.execute(old::stop);
        }
        WeftLog.info("endpoint moved to " + where);
    }

    /** Stops serving; at JVM exit, so the dispatcher thread does not hold the exit up. */
    public void stop() {
        EndpointServer current = server;
        if (current != null) {
            try {
                current.stop();
            } catch (RuntimeException e) {
                // exiting anyway
            }
        }
    }
}
