package acme.shop;

import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import java.io.IOException;

/** {@code GET /shop/items/<name>}. */
public class ItemsServlet extends HttpServlet {

    private final Catalog catalog = new Catalog();

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String name = request.getPathInfo() == null ? "" : request.getPathInfo().substring(1);
        response.setContentType("text/plain");
        response.getWriter().println(catalog.lookup(name));
    }
}
