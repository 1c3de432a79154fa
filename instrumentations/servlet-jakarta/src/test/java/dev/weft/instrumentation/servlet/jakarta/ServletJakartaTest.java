package dev.weft.instrumentation.servlet.jakarta;

import dev.weft.instrumentation.testing.ServletContract;

/** The servlet contract for jakarta.servlet (Servlet 5+: Tomcat 10+, Jetty 11+, Spring Boot 3+). */
class ServletJakartaTest extends ServletContract {

    ServletJakartaTest() {
        super("servlet-jakarta", "jakarta.servlet", "dev.weft.instrumentation.servlet.jakarta");
    }
}
