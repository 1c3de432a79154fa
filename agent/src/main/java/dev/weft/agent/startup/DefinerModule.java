package dev.weft.agent.startup;

import dev.weft.agent.startup.definer.BootLoaderDefiner;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.module.Configuration;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReader;
import java.lang.module.ModuleReference;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * A named module of Weft's own, in a layer of its own, that holds {@link BootLoaderDefiner} and
 * nothing else. A JDK-internal package can then be exported to this one module rather than to
 * the unnamed module Weft shares with the application's class path.
 */
final class DefinerModule {

    static final String NAME = "dev.weft.definer";
    private static final String CLASS_NAME = BootLoaderDefiner.class.getName();
    private static final String CLASS_FILE = CLASS_NAME.replace('.', '/') + ".class";

    private DefinerModule() {
    }

    /** The definer, loaded in a new layer whose one module is {@link #NAME}, exporting nothing. */
    @SuppressWarnings("unchecked")
    static Consumer<Map<String, byte[]>> load() throws IOException {
        byte[] bytes;
        try (InputStream in = DefinerModule.class.getClassLoader().getResourceAsStream(CLASS_FILE)) {
            if (in == null) {
                throw new IOException(CLASS_FILE + " is missing from the agent jar");
            }
            bytes = in.readAllBytes();
        }
        String pkg = BootLoaderDefiner.class.getPackageName();
        ModuleDescriptor descriptor = ModuleDescriptor.newModule(NAME).packages(Set.of(pkg))
                .provides(Consumer.class.getName(), List.of(CLASS_NAME)).build();
        ModuleFinder finder = new OneModuleFinder(new InMemoryModule(descriptor, bytes));
        ModuleLayer boot = ModuleLayer.boot();
        Configuration cf = boot.configuration().resolve(finder, ModuleFinder.of(), Set.of(NAME));
        ModuleLayer layer = boot.defineModulesWithOneLoader(cf, ClassLoader.getPlatformClassLoader());
        for (Consumer<?> provider : ServiceLoader.load(layer, Consumer.class)) {
            if (provider.getClass().getModule().getLayer() == layer) {
                return (Consumer<Map<String, byte[]>>) provider;
            }
        }
        throw new IllegalStateException("module " + NAME + " provides no definer");
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
        private final byte[] classBytes;

        InMemoryModule(ModuleDescriptor descriptor, byte[] classBytes) {
            super(descriptor, null);
            this.classBytes = classBytes;
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
                    return name.equals(CLASS_FILE) ? Optional.of(new ByteArrayInputStream(classBytes)) : Optional.empty();
                }

                @Override
                public Stream<String> list() {
                    return Stream.of(CLASS_FILE);
                }

                @Override
                public void close() {
                }
            };
        }
    }
}
