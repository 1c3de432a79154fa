package dev.weft.agent.support.jdkinternals;

import java.lang.module.ModuleReference;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.function.BiConsumer;

/**
 * Makes one of the JDK's own class loaders find the classes of a module defined to it after
 * start, through the JDK-internal {@code BuiltinClassLoader.loadModule}. Like
 * {@link BootLoaderDefiner}, it runs only in Weft's module of JDK internals, to which alone
 * {@code jdk.internal.loader} is exported.
 */
public final class ModuleLoader implements BiConsumer<ClassLoader, ModuleReference> {

    public ModuleLoader() {
    }

    @Override
    public void accept(ClassLoader loader, ModuleReference module) {
        try {
            Method loadModule = Class.forName("jdk.internal.loader.BuiltinClassLoader")
                    .getMethod("loadModule", ModuleReference.class);
            if (!loadModule.getDeclaringClass().isInstance(loader)) {
                throw new IllegalStateException("the class loader is not the JDK's own (" + loader + ")");
            }
            loadModule.invoke(loader, module);
        } catch (InvocationTargetException e) {
            throw new IllegalStateException(e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }
}
