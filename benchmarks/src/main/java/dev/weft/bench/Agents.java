package dev.weft.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The agents the benchmarks compare, each configured as its documentation says for the least
 * overhead. Competitors are optional: without their jar, their rows are left out and the report says
 * so. Every flag used is in {@link #describeFlags()}, which the reports print.
 */
public final class Agents {

    private final Path weftJar;
    private final Path otelJar;
    private final Path elasticJar;
    private final Path work;
    /** A port nothing listens on: Elastic's APM server, which must not be reachable. */
    private final int closedPort;

    public Agents(Path weftJar, Path otelJar, Path elasticJar, Path work) throws IOException {
        this.weftJar = weftJar;
        this.otelJar = otelJar != null && Files.isRegularFile(otelJar) ? otelJar : null;
        this.elasticJar = elasticJar != null && Files.isRegularFile(elasticJar) ? elasticJar : null;
        this.work = work;
        closedPort = ChildJvm.freePort();
    }

    public Path weftJar() {
        return weftJar;
    }

    public Path otelJar() {
        return otelJar;
    }

    public Path elasticJar() {
        return elasticJar;
    }

    /** Weft with this YAML (written to the scratch directory), its endpoint on a free port. */
    public AgentSetup weft(String name, String yaml) throws IOException {
        Path config = Files.createTempFile(work, "weft-", ".yaml");
        Files.writeString(config, yaml);
        return new AgentSetup(name, "weft", List.of("-javaagent:" + weftJar + "=config=" + config + ",port=0"));
    }

    /**
     * The OpenTelemetry Java agent tracing {@code methods} ({@code pkg.Class[m1,m2];...}) with
     * every exporter off. With {@code onlyMethods}, every other instrumentation is off too, the
     * documented way to make it do the least.
     */
    public AgentSetup otel(String name, String methods, boolean onlyMethods) {
        return otel(name, methods, onlyMethods, null);
    }

    /** As {@link #otel(String, String, boolean)}, with spans exported over OTLP/HTTP to {@code endpoint} when given. */
    public AgentSetup otel(String name, String methods, boolean onlyMethods, String endpoint) {
        if (otelJar == null) {
            return null;
        }
        List<String> args = new ArrayList<>(List.of("-javaagent:" + otelJar,
                "-Dotel.metrics.exporter=none", "-Dotel.logs.exporter=none",
                "-Dotel.instrumentation.methods.include=" + methods));
        if (endpoint == null) {
            args.add("-Dotel.traces.exporter=none");
        } else {
            args.add("-Dotel.traces.exporter=otlp");
            args.add("-Dotel.exporter.otlp.protocol=http/protobuf");
            args.add("-Dotel.exporter.otlp.traces.endpoint=" + endpoint + "/v1/traces");
        }
        if (onlyMethods) {
            args.add("-Dotel.instrumentation.common.default-enabled=false");
            args.add("-Dotel.instrumentation.methods.enabled=true");
        }
        return new AgentSetup(name, "otel", args);
    }

    /** The Elastic APM Java agent tracing {@code methods} ({@code pkg.Class#method,...}), its server unreachable. */
    public AgentSetup elastic(String name, String methods) {
        if (elasticJar == null) {
            return null;
        }
        return new AgentSetup(name, "elastic", List.of("-javaagent:" + elasticJar,
                "-Delastic.apm.service_name=bench",
                "-Delastic.apm.server_url=http://127.0.0.1:" + closedPort,
                "-Delastic.apm.trace_methods=" + methods,
                "-Delastic.apm.cloud_provider=NONE",
                "-Delastic.apm.central_config=false",
                "-Delastic.apm.log_level=ERROR"));
    }

    /** The competitor versions and flags, for the reports. */
    public String describeFlags() {
        StringBuilder text = new StringBuilder();
        text.append("- OpenTelemetry Java agent: ").append(otelJar == null ? "not run (no jar given)"
                : jarName(otelJar) + " with `-Dotel.traces.exporter=none -Dotel.metrics.exporter=none "
                + "-Dotel.logs.exporter=none -Dotel.instrumentation.methods.include=<the method>`; per call also "
                + "`-Dotel.instrumentation.common.default-enabled=false -Dotel.instrumentation.methods.enabled=true`")
                .append('\n');
        text.append("- Elastic APM Java agent: ").append(elasticJar == null ? "not run (no jar given)"
                : jarName(elasticJar) + " with `-Delastic.apm.trace_methods=<the method> "
                + "-Delastic.apm.server_url=http://127.0.0.1:<closed port> -Delastic.apm.cloud_provider=NONE "
                + "-Delastic.apm.central_config=false -Delastic.apm.service_name=bench -Delastic.apm.log_level=ERROR`")
                .append('\n');
        text.append("- Weft: ").append(jarName(weftJar)).append(" with `-javaagent:weft-agent.jar=config=<the YAML>,port=0`\n");
        return text.toString();
    }

    private static String jarName(Path jar) {
        return "`" + jar.getFileName() + "`";
    }
}
