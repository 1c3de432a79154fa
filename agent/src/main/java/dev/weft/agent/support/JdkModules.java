package dev.weft.agent.support;


import java.lang.instrument.Instrumentation;
import java.lang.module.Configuration;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.lang.module.ResolvedModule;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The JDK modules beyond {@code java.base} that parts of Weft need: {@code jdk.httpserver} serves the
 * endpoint; {@code java.logging} and, over HTTP, {@code java.net.http} carry OTLP export;
 * {@code java.management} and {@code jdk.management} give the runtime metrics.
 *
 * <p>A service started from the class path has them all, but one started as a named module
 * ({@code java -m app/app.Main}, a {@code jlink}'d image) gets only what its modules require, and
 * Weft's classes, in the system class loader, cannot link against a module the JVM left out. So a
 * module that the runtime image holds but the boot layer lacks is resolved here into a layer of
 * Weft's own, defined to Weft's class loader; that loader is told the new module's packages, so
 * Weft's classes link against it by name exactly as against the boot layer's. The loader learns
 * them through its JDK-internal {@code loadModule}, exported to Weft alone through the
 * instrumentation API (as {@code BootstrapClasses} reaches {@code Unsafe}). A module with
 * {@code java.*} packages cannot be added so: the JVM lets only its own loaders define those, and
 * only at start. For those, and for modules the image lacks, Weft says exactly what to add.
 */
public final class JdkModules {

    private final Instrumentation inst;
    private final ModuleLayer boot;
    /** The runtime image's modules; looked at only once a module is missing from the boot layer. */
    private ModuleFinder image;
    /** The application's main module, for {@code java -m}; {@code null} for a class-path application. */
    private final String mainModule;
    /** Each module Weft tried to add: an empty string when it did, otherwise why not. Tried once. */
    private final Map<String, String> attempts = new HashMap<>();

    public JdkModules(Instrumentation inst) {
        this(inst, ModuleLayer.boot(), null, System.getProperty("jdk.module.main"));
    }

    JdkModules(Instrumentation inst, ModuleLayer boot, ModuleFinder image, String mainModule) {
        this.inst = inst;
        this.boot = boot;
        this.image = image;
        this.mainModule = mainModule;
    }

    /**
     * Makes the modules' classes reachable from Weft's where the runtime image allows; returns
     * {@code null} when all are, otherwise why not and exactly what to add, as a phrase such as
     * "it needs the module jdk.httpserver, which this runtime image lacks: build the image with
     * jlink --add-modules jdk.httpserver".
     */
    public synchronized String unavailable(List<String> modules) {
        List<String> lacking = new ArrayList<>();
        List<String> unresolved = new ArrayList<>();
        String failure = null;
        for (String module : modules) {
            if (boot.findModule(module).isPresent()) {
                continue;
            }
            if (image == null) {
                image = ModuleFinder.ofSystem();
            }
            if (image.find(module).isEmpty()) {
                lacking.add(module);
                continue;
            }
            String why = attempts.computeIfAbsent(module, this::addLayer);
            if (!why.isEmpty()) {
                unresolved.add(module);
                failure = failure == null ? why : failure;
            }
        }
        return advice(modules, lacking, unresolved, failure, mainModule, JdkModules::mustResolveAtStart);
    }

    /** As {@link #unavailable(List)} for one module. */
    public String unavailable(String module) {
        return unavailable(List.of(module));
    }

    /**
     * What to tell the user, or {@code null} when nothing is missing.
     *
     * @param needed             the modules asked for
     * @param lacking            those the runtime image does not hold
     * @param unresolved         those it holds that the JVM did not resolve and Weft could not add
     * @param failure            why the first of those could not be added
     * @param mainModule         the application's main module, or {@code null} on the class path
     * @param mustResolveAtStart modules that only the JVM's start can resolve ({@code java.*})
     */
    static String advice(List<String> needed, List<String> lacking, List<String> unresolved, String failure,
                         String mainModule, Predicate<String> mustResolveAtStart) {
        if (lacking.isEmpty() && unresolved.isEmpty()) {
            return null;
        }
        StringBuilder text = new StringBuilder("it needs the module").append(needed.size() == 1 ? " " : "s ")
                .append(String.join(", ", needed));
        // What the JVM must resolve as it starts. An application started from its main module gets
        // only what that module requires, even of what the image holds.
        List<String> atStart = new ArrayList<>(unresolved);
        if (!lacking.isEmpty()) {
            text.append(lacking.equals(needed) ? ", which this runtime image lacks"
                    : "; this runtime image lacks " + String.join(", ", lacking));
            text.append(": build the image with jlink --add-modules ").append(String.join(",", lacking));
            if (mainModule != null) {
                lacking.stream().filter(mustResolveAtStart).forEach(atStart::add);
            }
        }
        if (!unresolved.isEmpty()) {
            text.append(lacking.isEmpty() && unresolved.equals(needed) ? ", which the JVM did not resolve"
                            : "; the JVM did not resolve " + String.join(", ", unresolved))
                    .append(mainModule == null ? "" : " (the application's module " + mainModule + " does not require "
                            + (unresolved.size() == 1 ? "it" : "them") + ")")
                    .append(" and ").append(failure);
        }
        if (!atStart.isEmpty()) {
            text.append(unresolved.isEmpty() ? " and " : ": ").append("start the JVM with --add-modules ")
                    .append(String.join(",", atStart));
        }
        return text.toString();
    }

    /** A {@code java.*} module: only the JVM's own loaders may define its packages, and only as it starts. */
    static boolean mustResolveAtStart(String module) {
        return module.startsWith("java.");
    }

    /**
     * Resolves a module of the runtime image, and what it requires that the boot layer lacks, into a
     * layer defined to Weft's class loader, and makes that loader find their classes. Returns an
     * empty string when done, otherwise why not.
     */
    private String addLayer(String module) {
        Configuration configuration;
        try {
            // The image is searched after the boot layer: modules the boot layer has stay its own.
            configuration = boot.configuration().resolve(ModuleFinder.of(), image, Set.of(module));
        } catch (RuntimeException e) {
            return "resolving it now failed (" + e.getMessage() + ")";
        }
        for (ResolvedModule resolved : configuration.modules()) {
            if (mustResolveAtStart(resolved.name())) {
                return "a java.* module can only be added as the JVM starts";
            }
        }
        ClassLoader loader = JdkModules.class.getClassLoader();
        try {
            ModuleLayer layer = ModuleLayer.defineModules(configuration, List.of(boot), name -> loader).layer();
            grantQualifiedExports(layer);
            for (ResolvedModule resolved : configuration.modules()) {
                JdkInternals.loadModule(inst, loader, resolved.reference());
            }
            return "";
        } catch (java.io.IOException | RuntimeException | LinkageError e) {
            Throwable cause = e instanceof IllegalStateException && e.getCause() != null ? e.getCause() : e;
            return "adding it at run time failed (" + cause + ")";
        }
    }

    /**
     * The boot layer's modules export some packages to JDK modules by name only; those exports
     * named modules of the boot layer, so the new layer's modules get them here.
     */
    private void grantQualifiedExports(ModuleLayer layer) {
        for (Module source : boot.modules()) {
            for (ModuleDescriptor.Exports exports : source.getDescriptor().exports()) {
                for (String target : exports.targets()) {
                    layer.findModule(target).ifPresent(module -> inst.redefineModule(source, Set.of(),
                            Map.of(exports.source(), Set.of(module)), Map.of(), Set.of(), Map.of()));
                }
            }
        }
    }
}
