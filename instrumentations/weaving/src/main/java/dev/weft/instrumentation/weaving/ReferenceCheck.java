package dev.weft.instrumentation.weaving;

import dev.weft.instrumentation.api.Reference;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDefinition;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.pool.TypePool;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;

/**
 * Checks, once per class loader, that everything an instrumentation's advice needs is there (what
 * the OpenTelemetry agent calls muzzle). Class files are read through a type pool of the loader;
 * no class is loaded. Answers are kept weakly per loader.
 */
final class ReferenceCheck {

    /** A verdict: everything is there. */
    static final String PRESENT = "";

    private final List<Reference> references;
    private final Map<ClassLoader, String> verdicts = new WeakHashMap<>();
    private String bootstrapVerdict;

    ReferenceCheck(List<Reference> references) {
        this.references = List.copyOf(references);
    }

    /** The verdict already reached for a loader, or {@code null}. */
    synchronized String known(ClassLoader loader) {
        return loader == null ? bootstrapVerdict : verdicts.get(loader);
    }

    /**
     * Reads the loader's class files to reach a verdict; the first verdict kept for a loader wins.
     *
     * @return the verdict, and whether this call is the one that reached it
     */
    Verdict check(ClassLoader loader) {
        // Read outside the lock: a loader may lock itself to serve a class file.
        return keep(loader, references.isEmpty() ? PRESENT : firstMissing(references, loader));
    }

    /** Keeps a verdict for the loader, reached without reading its class files; the first kept wins. */
    Verdict keep(ClassLoader loader, String verdict) {
        synchronized (this) {
            String earlier = known(loader);
            if (earlier != null) {
                return new Verdict(earlier, false);
            }
            if (loader == null) {
                bootstrapVerdict = verdict;
            } else {
                verdicts.put(loader, verdict);
            }
            return new Verdict(verdict, true);
        }
    }

    record Verdict(String reason, boolean first) {
        boolean present() {
            return reason.equals(PRESENT);
        }
    }

    /** {@link #PRESENT}, or what the loader lacks: {@code a.B#m(int) not found}. */
    static String firstMissing(List<Reference> references, ClassLoader loader) {
        // Never closed: closing a class loader's locator would close the loader.
        return firstMissing(references, TypePool.Default.of(ClassFileLocator.ForClassLoader.of(loader)));
    }

    static String firstMissing(List<Reference> references, TypePool pool) {
        for (Reference reference : references) {
            try {
                TypePool.Resolution resolution = pool.describe(reference.type());
                if (!resolution.isResolved()) {
                    return reference.type() + " not found";
                }
                if (reference.method() != null && !hasMethod(pool, resolution.resolve(), reference)) {
                    return reference + " not found";
                }
            } catch (TypePool.Resolution.NoSuchTypeException e) {
                return reference + " not found: " + e.getName() + " is missing";
            } catch (RuntimeException e) {
                return reference + " not readable: " + e;
            }
        }
        return PRESENT;
    }

    /** Declared by the type or inherited from a superclass or an interface, as the JVM resolves it. */
    private static boolean hasMethod(TypePool pool, TypeDescription type, Reference reference) {
        if (declares(type, reference, new HashSet<>())) {
            return true;
        }
        return type.isInterface() && declares(pool.describe("java.lang.Object").resolve(), reference, new HashSet<>());
    }

    private static boolean declares(TypeDefinition type, Reference reference, Set<String> seen) {
        if (!seen.add(type.getTypeName())) {
            return false;
        }
        for (MethodDescription method : type.getDeclaredMethods()) {
            if (method.getName().equals(reference.method()) && sameParameters(method, reference.parameterTypes())) {
                return true;
            }
        }
        TypeDefinition superClass = type.getSuperClass();
        if (superClass != null && declares(superClass.asErasure(), reference, seen)) {
            return true;
        }
        for (TypeDefinition anInterface : type.getInterfaces()) {
            if (declares(anInterface.asErasure(), reference, seen)) {
                return true;
            }
        }
        return false;
    }

    private static boolean sameParameters(MethodDescription method, List<String> parameterTypes) {
        List<TypeDescription> actual = method.getParameters().asTypeList().asErasures();
        if (actual.size() != parameterTypes.size()) {
            return false;
        }
        for (int i = 0; i < actual.size(); i++) {
            if (!actual.get(i).getActualName().equals(parameterTypes.get(i))) {
                return false;
            }
        }
        return true;
    }
}
