package dev.weft.instrumentation.servlet.javax;

import dev.weft.instrumentation.testing.ServletContract;

/**
 * The servlet contract for javax.servlet, run on this module's jar: the renamed copy of
 * servlet-jakarta (Servlet 4.0 has {@code getHttpServletMapping} too).
 */
class ServletJavaxTest extends ServletContract {

    ServletJavaxTest() {
        super("servlet-javax", "javax.servlet", "dev.weft.instrumentation.servlet.javax");
    }
}
