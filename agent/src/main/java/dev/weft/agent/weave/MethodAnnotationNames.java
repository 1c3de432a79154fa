package dev.weft.agent.weave;

import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.jar.asm.AnnotationVisitor;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Type;
import net.bytebuddy.utility.OpenedClassReader;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The names of the annotations each method of one class carries, read from its class file.
 *
 * <p>Byte Buddy's descriptions, like reflection, leave out an annotation whose class the loader
 * cannot find, and a {@code method-annotated} selector matches it by name all the same: a
 * Micrometer {@code @Timed} in a service that runs without Micrometer. The class file is read at
 * most once per class, and only when a selector asks.
 */
final class MethodAnnotationNames {

    /** Where the class file comes from: handed over by the JVM, or read from the class's loader. */
    private interface ClassFile {
        byte[] bytes() throws IOException;
    }

    private final ClassFile classFile;
    /** Method name and descriptor to the binary names of its annotations, visible and invisible. */
    private Map<String, List<String>> byMethod;

    private MethodAnnotationNames(ClassFile classFile) {
        this.classFile = classFile;
    }

    /** The annotations of a class whose class file is at hand. */
    static MethodAnnotationNames of(byte[] classFile) {
        return new MethodAnnotationNames(() -> classFile);
    }

    /** The annotations of a loaded class, its class file read from the locator when first asked. */
    static MethodAnnotationNames located(ClassFileLocator locator, String className) {
        return new MethodAnnotationNames(() -> locator.locate(className).resolve());
    }

    /**
     * Whether a class file holds an annotation's descriptor ({@code Lp/Name;}) anywhere: a class
     * that does not cannot carry it, and need not be described at all.
     */
    static boolean mentions(byte[] classFile, byte[] descriptor) {
        outer:
        for (int i = 0, last = classFile.length - descriptor.length; i <= last; i++) {
            for (int j = 0; j < descriptor.length; j++) {
                if (classFile[i + j] != descriptor[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    /** The descriptor of an annotation as {@link #mentions} looks for it. */
    static byte[] descriptor(String annotationName) {
        return ("L" + annotationName.replace('.', '/') + ";").getBytes(StandardCharsets.UTF_8);
    }

    /** The annotations {@code method} carries, by binary name ({@code a.b.Outer$Inner}). */
    List<String> on(MethodDescription method) {
        return byMethod().getOrDefault(method.getInternalName() + method.getDescriptor(), List.of());
    }

    /** The annotations of every method that carries one. */
    Collection<List<String>> all() {
        return byMethod().values();
    }

    private Map<String, List<String>> byMethod() {
        if (byMethod == null) {
            byte[] bytes;
            try {
                bytes = classFile.bytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Map<String, List<String>> read = new HashMap<>();
            OpenedClassReader.of(bytes).accept(new Reader(read),
                    ClassReader.SKIP_CODE | ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
            byMethod = read;
        }
        return byMethod;
    }

    /** Notes each method's annotation descriptors; reads nothing else. */
    private static final class Reader extends ClassVisitor {
        private final Map<String, List<String>> byMethod;

        Reader(Map<String, List<String>> byMethod) {
            super(OpenedClassReader.ASM_API);
            this.byMethod = byMethod;
        }

        @Override
        public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                                         String[] exceptions) {
            String key = name + descriptor;
            return new MethodVisitor(OpenedClassReader.ASM_API) {
                @Override
                public AnnotationVisitor visitAnnotation(String annotation, boolean visible) {
                    byMethod.computeIfAbsent(key, k -> new ArrayList<>(2)).add(Type.getType(annotation).getClassName());
                    return null;
                }
            };
        }
    }
}
