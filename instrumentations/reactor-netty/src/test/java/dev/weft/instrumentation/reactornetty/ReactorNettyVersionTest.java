package dev.weft.instrumentation.reactornetty;

import dev.weft.instrumentation.testing.Installation;
import dev.weft.instrumentation.testing.TestAgent;
import dev.weft.instrumentation.testing.TestLoaders;
import dev.weft.instrumentation.weaving.InstrumentationStatus;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.description.modifier.Visibility;
import net.bytebuddy.implementation.FixedValue;
import org.junit.jupiter.api.Test;

import java.net.URLClassLoader;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A Reactor Netty the advice does not fit (here: one without the client's call handler) is left alone, said once. */
class ReactorNettyVersionTest {

    @Test
    void aVersionWithoutWhatTheAdviceNeedsIsSkippedWithOneLine() throws Exception {
        byte[] connect = new ByteBuddy().subclass(Object.class).name(ReactorNettyInstrumentation.CONNECT)
                .modifiers(Visibility.PUBLIC).make().getBytes();
        byte[] handle = new ByteBuddy().subclass(Object.class).name(ReactorNettyInstrumentation.SERVER_HANDLE)
                .modifiers(Visibility.PUBLIC)
                .defineMethod("onStateChange", String.class, Visibility.PUBLIC).withParameters(Object.class, Object.class)
                .intercept(FixedValue.value("unwoven"))
                .make().getBytes();
        try (Installation installation = TestAgent.install("reactor-netty");
             URLClassLoader old = TestLoaders.named("old-reactor-netty")
                     .define(ReactorNettyInstrumentation.CONNECT, connect)
                     .define(ReactorNettyInstrumentation.SERVER_HANDLE, handle).build()) {
            for (int i = 0; i < 2; i++) {
                Class<?> type = Class.forName(ReactorNettyInstrumentation.SERVER_HANDLE, true, old);
                Object observer = type.getConstructor().newInstance();
                assertEquals("unwoven", type.getMethod("onStateChange", Object.class, Object.class)
                        .invoke(observer, null, null));
            }

            List<String> warnings = installation.warnings().stream().filter(w -> w.contains("old-reactor-netty")).toList();
            assertEquals(1, warnings.size(), installation.warnings().toString());
            assertTrue(warnings.get(0).startsWith("instrumentation reactor-netty skipped in old-reactor-netty ("), warnings.get(0));
            assertTrue(warnings.get(0).endsWith(ReactorNettyInstrumentation.CALL + " not found"), warnings.get(0));

            InstrumentationStatus status = installation.status("reactor-netty");
            assertEquals(List.of(), status.wovenTypes());
            assertTrue(status.skipped().stream().anyMatch(skip -> skip.loader().startsWith("old-reactor-netty (")),
                    status.toString());
        }
    }
}
