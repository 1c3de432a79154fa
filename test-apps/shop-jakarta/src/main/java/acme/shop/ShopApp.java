package acme.shop;

import org.apache.catalina.Context;
import org.apache.catalina.startup.Tomcat;

import java.nio.file.Files;

/**
 * A shop on embedded Tomcat: {@code GET /shop/items/<name>} looks an item up; {@code /shop/items/broken}
 * fails. Usage: {@code java -jar shop-jakarta.jar [port]}; prints {@code shop listening on http://127.0.0.1:PORT (Java N)}.
 */
public final class ShopApp {

    private ShopApp() {
    }

    public static void main(String[] args) throws Exception {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 8080;
        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(Files.createTempDirectory("shop-tomcat").toString());
        tomcat.getConnector().setPort(port);
        tomcat.getConnector().setProperty("address", "127.0.0.1");
        Context context = tomcat.addContext("/shop", null);
        Tomcat.addServlet(context, "items", new ItemsServlet());
        context.addServletMappingDecoded("/items/*", "items");
        tomcat.start();
        System.out.println("shop listening on http://127.0.0.1:" + tomcat.getConnector().getLocalPort()
                + " (Java " + Runtime.version().feature() + ")");
        tomcat.getServer().await();
    }
}
