package dev.weft.instrumentation.weaving;

import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.pool.TypePool;

import java.util.Map;
import java.util.WeakHashMap;

/**
 * One cache of type descriptions per class loader for the built-ins' matchers. A matcher such as
 * "implements {@code jakarta.servlet.Servlet}" walks the super types of every class a loader that
 * sees the Servlet API defines; without a cache each walk reads the same super types' class files
 * again (from a fat jar's nested jars: the start of a Spring Boot service took seconds longer).
 * Loaders are held weakly, so a web app's dropped loader goes; each cache is held softly, so memory
 * pressure empties it rather than grows the heap.
 */
final class CachedTypePools extends AgentBuilder.PoolStrategy.WithTypePoolCache {

    private final Map<ClassLoader, TypePool.CacheProvider> caches = new WeakHashMap<>();
    private final TypePool.CacheProvider bootstrap = new TypePool.CacheProvider.Simple.UsingSoftReference();

    CachedTypePools() {
        super(TypePool.Default.ReaderMode.FAST);
    }

    @Override
    protected TypePool.CacheProvider locate(ClassLoader loader) {
        if (loader == null) {
            return bootstrap;
        }
        synchronized (caches) {
            return caches.computeIfAbsent(loader, l -> new TypePool.CacheProvider.Simple.UsingSoftReference());
        }
    }
}
