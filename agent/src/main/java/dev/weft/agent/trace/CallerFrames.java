package dev.weft.agent.trace;

import dev.weft.agent.trace.TraceContinuity.Exit;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Names the method that made an outgoing call: the first frame of the calling thread's stack that
 * belongs neither to Weft, nor to the JDK, nor to a library or framework that makes calls of that
 * kind (an HTTP client, a JDBC driver and its pool, a Kafka producer, a gRPC stub). That frame is
 * the application's own code, the place to fix when the call runs outside any trace.
 *
 * <p>The walk is lazy and stops at that frame: {@link StackWalker} hands frames over in small
 * batches and keeps no class references, so the cost grows with the depth of the libraries above
 * the application, not with the whole stack.
 */
final class CallerFrames {

    /** When every frame is Weft's, the JDK's or the library's (a call the JDK itself made). */
    static final String UNKNOWN = "unknown";

    /** No method of these is ever the caller, whatever the call. */
    private static final List<String> ALWAYS = List.of("dev.weft.", "java.", "javax.", "jdk.", "sun.", "com.sun.",
            "kotlin.", "kotlinx.");

    /** The libraries and frameworks that make each kind of call, from the client to the template over it. */
    private static final Map<Exit, List<String>> BUILT_IN = Map.of(
            Exit.HTTP_CLIENT, List.of("org.apache.http.", "org.apache.hc.", "okhttp3.", "okio.", "reactor.netty.",
                    "reactor.core.", "io.netty.", "org.springframework.web.client.",
                    "org.springframework.web.reactive.", "org.springframework.http.", "feign.", "retrofit2.",
                    "org.glassfish.jersey.client.", "org.jboss.resteasy.client.", "org.eclipse.jetty.client."),
            Exit.DB_CLIENT, List.of("com.zaxxer.hikari.", "org.postgresql.", "org.h2.", "com.mysql.", "org.mariadb.",
                    "oracle.jdbc.", "com.microsoft.sqlserver.", "org.sqlite.", "org.hsqldb.", "org.apache.derby.",
                    "org.springframework.jdbc.", "org.springframework.orm.", "org.springframework.dao.",
                    "org.springframework.transaction.", "org.springframework.data.", "org.hibernate.",
                    "jakarta.persistence.", "org.jooq.", "org.apache.ibatis.", "org.mybatis.",
                    "org.apache.commons.dbcp2.", "com.mchange.v2.", "io.agroal."),
            Exit.MESSAGING_PRODUCER, List.of("org.apache.kafka.", "org.springframework.kafka.",
                    "org.springframework.messaging.", "reactor.kafka."),
            Exit.RPC_CLIENT, List.of("io.grpc.", "io.netty.", "io.perfmark.", "com.google.common.util.concurrent.",
                    "com.google.protobuf."));

    private final StackWalker walker = StackWalker.getInstance();
    private final Map<Exit, String[]> skipped = new EnumMap<>(Exit.class);

    /** @param libraries per kind of call, the package prefixes (ending in a dot) of what makes such calls */
    CallerFrames(Map<Exit, List<String>> libraries) {
        for (Exit kind : Exit.values()) {
            List<String> prefixes = new java.util.ArrayList<>(ALWAYS);
            prefixes.addAll(libraries.getOrDefault(kind, List.of()));
            skipped.put(kind, prefixes.toArray(String[]::new));
        }
    }

    /** The libraries Weft instruments, and the usual ones over them. */
    static CallerFrames builtIn() {
        return new CallerFrames(BUILT_IN);
    }

    /** {@code class.method} of the first frame outside Weft, the JDK and the libraries of {@code kind}. */
    String caller(Exit kind) {
        String[] prefixes = skipped.get(kind);
        Optional<StackWalker.StackFrame> frame = walker.walk(frames -> frames
                .filter(f -> !library(kind, prefixes, f.getClassName()))
                .findFirst());
        return frame.map(f -> f.getClassName() + "." + f.getMethodName()).orElse(UNKNOWN);
    }

    private static boolean library(Exit kind, String[] prefixes, String className) {
        for (String prefix : prefixes) {
            if (className.startsWith(prefix)) {
                return true;
            }
        }
        // grpc-java's generated stubs live in the application's packages: FooGrpc$FooBlockingStub
        return kind == Exit.RPC_CLIENT && className.contains("Grpc$") && className.endsWith("Stub");
    }
}
