package dev.weft.agent.support;

import dev.weft.agent.support.jdkinternals.BootLoaderDefiner;
import dev.weft.agent.support.jdkinternals.ModuleLoader;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.instrument.Instrumentation;
import java.lang.module.Configuration;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReader;
import java.lang.module.ModuleReference;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * The two JDK-internal operations Weft needs, run in a named module of Weft's own, in a layer of
 * its own, that holds their two classes and nothing else. The JDK-internal package each uses is
 * exported to that module alone, never to the unnamed module Weft shares with the application's
 * class path: with Weft, application code gets no access it would not have without it. The module
 * exports nothing; Weft reaches the two classes as its service providers, through JDK interfaces.
 */
public final class JdkInternals {

    static final String NAME = "dev.weft.jdkinternals";
    private static final List<Class<?>> CLASSES = List.of(BootLoaderDefiner.class, ModuleLoader.class);
    private static ModuleLayer layer;

    private JdkInternals() {
    }

    /** Defines classes (name to class file) in the bootstrap class loader, through {@code jdk.internal.misc.Unsafe}. */
    @SuppressWarnings("unchecked")
    public static void defineInBootLoader(Instrumentation inst, Map<String, byte[]> classes) throws IOException {
        provider(inst, Consumer.class, BootLoaderDefiner.class, "jdk.internal.misc").accept(classes);
    }

    /** Makes the JDK's class loader {@code loader} find the classes of {@code module}, defined to it after start. */
    @SuppressWarnings("unchecked")
    public static void loadModule(Instrumentation inst, ClassLoader loader, ModuleReference module) throws IOException {
        provider(inst, BiConsumer.class, ModuleLoader.class, "jdk.internal.loader").accept(loader, module);
    }

    /** The module's provider of {@code service}, after exporting {@code internalPackage} of java.base to it. */
    @SuppressWarnings("rawtypes")
    private static <S> S provider(Instrumentation inst, Class<S> service, Class<?> implementation,
                                  String internalPackage) throws IOException {
        ModuleLayer own = layer();
        Module module = own.findModule(NAME).orElseThrow();
        inst.redefineModule(Object.class.getModule(), Set.of(), Map.of(internalPackage, Set.of(module)),
                Map.of(), Set.of(), Map.of());
        for (S provider : ServiceLoader.load(own, service)) {
            if (provider.getClass().getModule() == module && provider.getClass().getName().equals(implementation.getName())) {
                return provider;
            }
        }
        throw new IllegalStateException("module " + NAME + " provides no " + implementation.getSimpleName());
    }

    private static synchronized ModuleLayer layer() throws IOException {
        if (layer == null) {
            Map<String, byte[]> classFiles = new LinkedHashMap<>();
            ModuleDescriptor.Builder descriptor = ModuleDescriptor.newModule(NAME)
                    .packages(Set.of(BootLoaderDefiner.class.getPackageName()))
                    .provides(Consumer.class.getName(), List.of(BootLoaderDefiner.class.getName()))
                    .provides(BiConsumer.class.getName(), List.of(ModuleLoader.class.getName()));
            for (Class<?> type : CLASSES) {
                String file = type.getName().replace('.', '/') + ".class";
                try (InputStream in = JdkInternals.class.getClassLoader().getResourceAsStream(file)) {
                    if (in == null) {
                        throw new IOException(file + " is missing from the agent jar");
                    }
                    classFiles.put(file, in.readAllBytes());
                }
            }
            ModuleFinder finder = new OneModuleFinder(new InMemoryModule(descriptor.build(), classFiles));
            ModuleLayer boot = ModuleLayer.boot();
            Configuration cf = boot.configuration().resolve(finder, ModuleFinder.of(), Set.of(NAME));
            layer = boot.defineModulesWithOneLoader(cf, ClassLoader.getPlatformClassLoader());
        }
        return layer;
    }

    private record OneModuleFinder(ModuleReference module) implements ModuleFinder {
        @Override
        public Optional<ModuleReference> find(String name) {
            return name.equals(NAME) ? Optional.of(module) : Optional.empty();
        }

        @Override
        public Set<ModuleReference> findAll() {
            return Set.of(module);
        }
    }

    private static final class InMemoryModule extends ModuleReference {
        private final Map<String, byte[]> classFiles;

        InMemoryModule(ModuleDescriptor descriptor, Map<String, byte[]> classFiles) {
            super(descriptor, null);
            this.classFiles = Map.copyOf(classFiles);
        }

        @Override
        public ModuleReader open() {
            return new ModuleReader() {
                @Override
                public Optional<URI> find(String name) {
                    return Optional.empty();
                }

                @Override
                public Optional<InputStream> open(String name) {
                    byte[] bytes = classFiles.get(name);
                    return bytes == null ? Optional.empty() : Optional.of(new ByteArrayInputStream(bytes));
                }

                @Override
                public java.util.stream.Stream<String> list() {
                    return classFiles.keySet().stream();
                }

                @Override
                public void close() {
                }
            };
        }
    }
}
