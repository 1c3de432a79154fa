package dev.weft.instrumentation.weaving;

import dev.weft.bootstrap.Spans;
import dev.weft.instrumentation.api.BuiltInInstrumentation;
import dev.weft.instrumentation.api.MethodAdvice;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.agent.builder.ResettableClassFileTransformer;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.matcher.ElementMatcher;
import net.bytebuddy.utility.JavaModule;

import java.lang.instrument.Instrumentation;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import static net.bytebuddy.matcher.ElementMatchers.none;

/**
 * Weaves a chosen set of built-in instrumentations with one {@code AgentBuilder}: classes already
 * loaded are retransformed, the others woven as they load. Choosing another set puts the classes of
 * the previous one back as they were first, then weaves the new one; choosing the same set again
 * does nothing.
 *
 * <p>A class is woven by an instrumentation when its loader passes the instrumentation's loader
 * matcher, the class passes its type matcher and declares a method one of its advice is for, and
 * the loader holds everything in its {@link BuiltInInstrumentation#references() references}. That
 * last check is made once per loader; when it fails, the instrumentation leaves the whole loader
 * alone and says so once.
 *
 * <p>Advice is named, not loaded: {@link AgentBuilder.Transformer.ForAdvice} reads its class file
 * from the instrumentation's own loader and resolves the library types it uses from the
 * instrumented class's loader. Woven JDK classes reach Weft's bootstrap classes through a read
 * edge from their modules.
 */
public final class InstrumentationInstaller {

    /** Where warnings go; each key is said at most once. */
    @FunctionalInterface
    public interface Log {
        void warnOnce(String key, String message);
    }

    private final List<Woven> all;
    private final Log log;
    /** The instrumentations whose transformation is being applied to a class on this thread. */
    private final ThreadLocal<List<StatusTracker>> applying = new ThreadLocal<>();
    private ResettableClassFileTransformer transformer;
    private volatile Set<String> installed = Set.of();

    /** Instrumentations whose name repeats an earlier one's are dropped, with a warning. */
    public InstrumentationInstaller(Collection<? extends BuiltInInstrumentation> instrumentations, Log log) {
        this.log = log;
        Map<String, Woven> byName = new LinkedHashMap<>();
        for (BuiltInInstrumentation instrumentation : instrumentations) {
            String name = instrumentation.name();
            if (byName.containsKey(name)) {
                log.warnOnce("builtin-duplicate:" + name, "two built-in instrumentations are named " + name
                        + "; " + instrumentation.getClass().getName() + " is left out");
            } else {
                byName.put(name, new Woven(instrumentation));
            }
        }
        this.all = List.copyOf(byName.values());
    }

    /** The instrumentations this installer knows, in the order given. */
    public List<BuiltInInstrumentation> instrumentations() {
        List<BuiltInInstrumentation> list = new ArrayList<>();
        for (Woven woven : all) {
            list.add(woven.instrumentation);
        }
        return list;
    }

    /**
     * Weaves exactly the instrumentations {@code enabled} accepts.
     *
     * @return whether anything changed ({@code false} when that set is the one woven already)
     */
    public synchronized boolean install(Instrumentation inst, Predicate<? super BuiltInInstrumentation> enabled) {
        List<Woven> chosen = new ArrayList<>();
        Set<String> names = new LinkedHashSet<>();
        for (Woven woven : all) {
            if (enabled.test(woven.instrumentation)) {
                chosen.add(woven);
                names.add(woven.instrumentation.name());
            }
        }
        if (names.equals(installed)) {
            return false;
        }
        if (transformer != null) {
            transformer.reset(inst, AgentBuilder.RedefinitionStrategy.RETRANSFORMATION);
            transformer = null;
        }
        installed = Set.of();
        for (Woven woven : all) {
            woven.status.clearWoven();
        }
        if (!chosen.isEmpty()) {
            NameFilter nameFilter = new NameFilter();
            for (Woven woven : chosen) {
                nameFilter.add(woven.instrumentation, woven.types, woven.loaders);
            }
            AgentBuilder builder = new AgentBuilder.Default()
                    .disableClassFormatChanges()
                    .with(AgentBuilder.RedefinitionStrategy.RETRANSFORMATION)
                    .with(AgentBuilder.InitializationStrategy.NoOp.INSTANCE)
                    .with(new Listener())
                    .with(new CachedTypePools())
                    .with(nameFilter)
                    .ignore(none())
                    .assureReadEdgeTo(inst, Spans.class);
            for (Woven woven : chosen) {
                builder = builder.type(woven).transform(woven.transformer());
            }
            transformer = builder.installOn(inst);
        }
        installed = Set.copyOf(names);
        return true;
    }

    /** Puts every class back as it was. */
    public void uninstall(Instrumentation inst) {
        install(inst, instrumentation -> false);
    }

    /** One status per instrumentation, in the order given. */
    public List<InstrumentationStatus> status() {
        Set<String> now = installed;
        List<InstrumentationStatus> list = new ArrayList<>();
        for (Woven woven : all) {
            list.add(woven.status.snapshot(now.contains(woven.instrumentation.name())));
        }
        return list;
    }

    /** One instrumentation and what it keeps while woven: its matchers, loader verdicts and status. */
    private final class Woven implements AgentBuilder.RawMatcher {

        final BuiltInInstrumentation instrumentation;
        final StatusTracker status;
        private final ElementMatcher<? super ClassLoader> loaders;
        private final ElementMatcher<? super TypeDescription> types;
        private final List<MethodAdvice> advice;
        private final ReferenceCheck references;

        Woven(BuiltInInstrumentation instrumentation) {
            this.instrumentation = instrumentation;
            this.status = new StatusTracker(instrumentation.name(), instrumentation.group());
            this.loaders = instrumentation.classLoaderMatcher();
            this.types = instrumentation.typeMatcher();
            this.advice = List.copyOf(instrumentation.advice());
            this.references = new ReferenceCheck(instrumentation.references());
        }

        @Override
        public boolean matches(TypeDescription type, ClassLoader loader, JavaModule module,
                               Class<?> classBeingRedefined, ProtectionDomain protectionDomain) {
            // The type matcher first: most test names only, which needs no parsing of the class.
            return loaders.matches(loader) && types.matches(type) && declaresAdvisedMethod(type)
                    && referencesPresentIn(loader);
        }

        private boolean declaresAdvisedMethod(TypeDescription type) {
            for (MethodDescription method : type.getDeclaredMethods()) {
                for (MethodAdvice entry : advice) {
                    if (entry.methods().matches(method)) {
                        return true;
                    }
                }
            }
            return false;
        }

        private boolean referencesPresentIn(ClassLoader loader) {
            String known = references.known(loader);
            if (known != null) {
                return known.equals(ReferenceCheck.PRESENT);
            }
            ReferenceCheck.Verdict verdict = BootstrapVisibility.reaches(loader) ? references.check(loader)
                    : references.keep(loader, BootstrapVisibility.advice());
            if (!verdict.present() && verdict.first()) {
                String where = StatusTracker.describe(loader);
                status.skipped(where, verdict.reason());
                log.warnOnce("builtin-skip:" + instrumentation.name() + ":" + where, "instrumentation "
                        + instrumentation.name() + " skipped in " + where + ": " + verdict.reason());
            }
            return verdict.present();
        }

        /** Copies the advice into the class, and notes the class as this instrumentation's. */
        AgentBuilder.Transformer transformer() {
            Set<String> adviceClasses = new LinkedHashSet<>();
            for (MethodAdvice entry : advice) {
                adviceClasses.add(entry.adviceClass());
            }
            AgentBuilder.Transformer.ForAdvice forAdvice = new AgentBuilder.Transformer.ForAdvice()
                    .include(new AdviceLocator(instrumentation.getClass().getClassLoader(), adviceClasses));
            for (MethodAdvice entry : advice) {
                forAdvice = forAdvice.advice(entry.methods(), entry.adviceClass());
            }
            AgentBuilder.Transformer copyAdvice = forAdvice;
            return (builder, type, loader, module, domain) -> {
                List<StatusTracker> here = applying.get();
                if (here == null) {
                    here = new ArrayList<>(2);
                    applying.set(here);
                }
                here.add(status);
                return copyAdvice.transform(builder, type, loader, module, domain);
            };
        }
    }

    /** Counts a class as woven once its new class file is made; a class that cannot be changed keeps working unchanged. */
    private final class Listener extends AgentBuilder.Listener.Adapter {

        @Override
        public void onTransformation(TypeDescription type, ClassLoader loader, JavaModule module, boolean loaded,
                                     DynamicType dynamicType) {
            List<StatusTracker> here = applying.get();
            if (here != null) {
                for (StatusTracker status : here) {
                    status.woven(type.getName());
                }
            }
        }

        @Override
        public void onError(String typeName, ClassLoader loader, JavaModule module, boolean loaded, Throwable throwable) {
            log.warnOnce("builtin:" + typeName, "could not instrument " + typeName
                    + "; trace context does not follow work through it: " + throwable);
        }

        @Override
        public void onComplete(String typeName, ClassLoader loader, JavaModule module, boolean loaded) {
            applying.remove();
        }
    }
}
