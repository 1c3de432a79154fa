package dev.weft.instrumentation.weaving;

import dev.weft.instrumentation.api.BuiltInInstrumentation;
import dev.weft.instrumentation.api.TypeNames;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.agent.builder.ResettableClassFileTransformer;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

import java.lang.instrument.IllegalClassFormatException;
import java.nio.charset.StandardCharsets;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What stands before Byte Buddy's transformer: a class goes on to be described and matched only if
 * an instrumentation names it ({@link TypeNames}), or one that tells its classes by their hierarchy
 * or annotations accepts its class loader and finds one of its
 * {@linkplain BuiltInInstrumentation#classFileMentions() mentions} in the class's bytes. Byte Buddy's
 * own path costs tens of microseconds per class even for a class no matcher wants, and a Spring Boot
 * service loads tens of thousands.
 */
final class NameFilter implements AgentBuilder.TransformerDecorator {

    /** Internal names ({@code a/b/C}) of the classes instrumentations name. */
    private final Set<String> internalNames = new HashSet<>();
    /** The instrumentations that do not name their classes: where they look, and for what in the bytes. */
    private final List<Unnamed> unnamed = new ArrayList<>();

    private record Unnamed(ElementMatcher<? super ClassLoader> loaders, List<byte[]> mentions) {
        boolean wants(ClassLoader loader, byte[] classFile) {
            if (!loaders.matches(loader)) {
                return false;
            }
            if (mentions.isEmpty() || classFile == null) {
                return true;
            }
            for (byte[] mention : mentions) {
                if (contains(classFile, mention)) {
                    return true;
                }
            }
            return false;
        }
    }

    /**
     * Lets through what one instrumentation may change, with the matchers its installer already
     * holds: a loader matcher keeps its answers per loader, and one instance is asked once per loader.
     */
    void add(BuiltInInstrumentation instrumentation, ElementMatcher<? super TypeDescription> types,
             ElementMatcher<? super ClassLoader> loaders) {
        if (types instanceof TypeNames named) {
            for (String name : named.names()) {
                internalNames.add(name.replace('.', '/'));
            }
            return;
        }
        List<byte[]> mentions = new ArrayList<>();
        for (String mention : instrumentation.classFileMentions()) {
            mentions.add(mention.getBytes(StandardCharsets.UTF_8)); // ASCII: as the class file holds it
        }
        unnamed.add(new Unnamed(loaders, mentions));
    }

    boolean worthMatching(ClassLoader loader, String internalName, byte[] classFile) {
        if (internalName == null) {
            return false; // a hidden class (a lambda's): nothing names it
        }
        if (internalNames.contains(internalName)) {
            return true;
        }
        for (Unnamed instrumentation : unnamed) {
            if (instrumentation.wants(loader, classFile)) {
                return true;
            }
        }
        return false;
    }

    static boolean contains(byte[] haystack, byte[] needle) {
        byte first = needle[0];
        for (int i = 0, last = haystack.length - needle.length; i <= last; i++) {
            if (haystack[i] == first && regionMatches(haystack, i, needle)) {
                return true;
            }
        }
        return false;
    }

    private static boolean regionMatches(byte[] haystack, int from, byte[] needle) {
        for (int j = 1; j < needle.length; j++) {
            if (haystack[from + j] != needle[j]) {
                return false;
            }
        }
        return true;
    }

    @Override
    public ResettableClassFileTransformer decorate(ResettableClassFileTransformer transformer) {
        return new Filtered(transformer, this);
    }

    private static final class Filtered extends ResettableClassFileTransformer.WithDelegation {

        private final NameFilter filter;

        Filtered(ResettableClassFileTransformer transformer, NameFilter filter) {
            super(transformer);
            this.filter = filter;
        }

        @Override
        public byte[] transform(ClassLoader loader, String name, Class<?> redefined, ProtectionDomain domain,
                                byte[] bytes) throws IllegalClassFormatException {
            return filter.worthMatching(loader, name, bytes)
                    ? classFileTransformer.transform(loader, name, redefined, domain, bytes) : null;
        }

        @Override
        public byte[] transform(Module module, ClassLoader loader, String name, Class<?> redefined,
                                ProtectionDomain domain, byte[] bytes) throws IllegalClassFormatException {
            return filter.worthMatching(loader, name, bytes)
                    ? classFileTransformer.transform(module, loader, name, redefined, domain, bytes) : null;
        }
    }
}
