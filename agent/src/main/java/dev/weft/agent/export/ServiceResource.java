package dev.weft.agent.export;

import dev.weft.agent.startup.ServiceIdentity;
import dev.weft.agent.config.OtlpConfig;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.sdk.resources.Resource;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import java.util.jar.JarFile;

/**
 * The OpenTelemetry resource that says which process the telemetry comes from: the SDK's own
 * {@code telemetry.sdk.*}, then {@code OTEL_RESOURCE_ATTRIBUTES}, then what Weft knows, which wins.
 */
final class ServiceResource {

    private static final String INSTANCE_ID = UUID.randomUUID().toString();

    private ServiceResource() {
    }

    static Resource of(String serviceName, Map<String, String> env, String javaCommand, String weftVersion) {
        AttributesBuilder fromEnv = Attributes.builder();
        OtlpConfig.keyValueList(env.getOrDefault("OTEL_RESOURCE_ATTRIBUTES", "")).forEach(fromEnv::put);
        Resource resource = Resource.getDefault().merge(Resource.create(fromEnv.build()));

        AttributesBuilder weft = Attributes.builder()
                .put(AttributeKey.stringKey("service.name"), serviceName)
                .put(AttributeKey.stringKey("service.instance.id"), INSTANCE_ID)
                .put(AttributeKey.stringKey("host.name"), hostName())
                .put(AttributeKey.longKey("process.pid"), ProcessHandle.current().pid())
                .put(AttributeKey.stringKey("telemetry.distro.name"), "weft")
                .put(AttributeKey.stringKey("telemetry.distro.version"), weftVersion);
        if (resource.getAttribute(AttributeKey.stringKey("service.version")) == null) {
            String version = jarVersion(javaCommand);
            if (version != null) {
                weft.put(AttributeKey.stringKey("service.version"), version);
            }
        }
        return resource.merge(Resource.create(weft.build()));
    }

    /** The kernel's host name where there is one (no DNS lookup), else the JDK's. */
    private static String hostName() {
        try {
            Path kernel = Path.of("/proc/sys/kernel/hostname");
            if (Files.isReadable(kernel)) {
                return Files.readString(kernel).trim();
            }
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    /** {@code Implementation-Version} of the jar run with {@code -jar}, if it says. */
    private static String jarVersion(String javaCommand) {
        String mainJar = ServiceIdentity.mainJar(javaCommand);
        if (mainJar == null) {
            return null;
        }
        try (JarFile jar = new JarFile(mainJar)) {
            return jar.getManifest() == null ? null
                    : jar.getManifest().getMainAttributes().getValue("Implementation-Version");
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
