package acme.edge;

import java.net.URL;
import java.net.URLClassLoader;

/**
 * A class loader that, like an OSGi framework or JBoss Modules, delegates to its parents only the
 * packages it is told to: here everything but {@code dev.weft}, the one prefix a module system
 * would not know about unless it is configured for an agent.
 */
final class IsolatingLoader extends URLClassLoader {

    IsolatingLoader(URL jar) {
        super("isolating", new URL[] {jar}, ClassLoader.getPlatformClassLoader());
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (name.startsWith("dev.weft.")) {
            throw new ClassNotFoundException(name + " is not delegated by this loader");
        }
        return super.loadClass(name, resolve);
    }
}
