package dev.weft.agent.trace;

import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;

/** Giving a thread back the context it had, whatever happened while another was current. */
final class Scopes {

    private Scopes() {
    }

    /**
     * Closes {@code scope} and makes sure {@code before} is current again. The tracing library
     * ignores a close out of order: when a nested scope was never closed (a stack overflow can stop
     * its exit half-way), every outer close would be ignored and the thread would stay in that
     * nested context for good. This puts back what the scope's opener found, so the outermost exit
     * repairs whatever went wrong below it.
     */
    static void closeAndRestore(Scope scope, Context before) {
        scope.close();
        if (Context.current() != before) {
            before.makeCurrent(); // the library's scope for this is not needed: nothing will close it
        }
    }
}
