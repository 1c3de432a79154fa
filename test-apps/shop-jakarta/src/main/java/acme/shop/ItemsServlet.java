package acme.shop;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

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
