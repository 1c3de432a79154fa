package acme.modular;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;

/**
 * A temperature service in a named module that requires java.base alone, serving HTTP/1.1 on a plain
 * socket: {@code /fahrenheit?celsius=N}, {@code /celsius?fahrenheit=N}, and {@code /modules}, which
 * says which module it runs in and which modules the JVM resolved for it (its boot layer).
 */
public final class ModularApp {

    private final Converter converter = new Converter();

    private ModularApp() {
    }

    public static void main(String[] args) throws IOException {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 8082;
        ServerSocket server = new ServerSocket(port, 50, InetAddress.getLoopbackAddress());
        ExecutorService workers = Executors.newFixedThreadPool(4);
        ModularApp app = new ModularApp();
        System.out.println("modular listening on http://127.0.0.1:" + server.getLocalPort()
                + " (Java " + Runtime.version().feature() + ")");
        while (true) {
            Socket socket = server.accept();
            workers.execute(() -> app.serve(socket));
        }
    }

    /** One request per connection: read the request line and headers, answer, close. */
    private void serve(Socket socket) {
        try (socket) {
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
            String requestLine = in.readLine();
            for (String header = in.readLine(); header != null && !header.isEmpty(); header = in.readLine()) {
                // no header changes the answer
            }
            int status = 200;
            String body;
            try {
                body = answer(requestLine == null ? "" : requestLine.split(" ")[1]);
            } catch (RuntimeException e) {
                status = 400;
                body = "bad request: " + e.getMessage();
            }
            byte[] bytes = (body + "\n").getBytes(StandardCharsets.UTF_8);
            OutputStream out = socket.getOutputStream();
            out.write(("HTTP/1.1 " + status + (status == 200 ? " OK" : " Bad Request") + "\r\nContent-Type: text/plain; "
                    + "charset=utf-8\r\nContent-Length: " + bytes.length + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.write(bytes);
            out.flush();
        } catch (IOException e) {
            // the client went away
        }
    }

    private String answer(String target) {
        int question = target.indexOf('?');
        String path = question < 0 ? target : target.substring(0, question);
        String value = question < 0 ? "" : target.substring(target.indexOf('=', question) + 1);
        return switch (path) {
            case "/fahrenheit" -> Double.toString(converter.toFahrenheit(Double.parseDouble(value)));
            case "/celsius" -> Double.toString(converter.toCelsius(Double.parseDouble(value)));
            case "/modules" -> "module " + ModularApp.class.getModule().getName() + "; boot layer "
                    + ModuleLayer.boot().modules().stream().map(Module::getName).sorted().collect(Collectors.joining(","));
            default -> throw new IllegalArgumentException("no route " + path);
        };
    }
}
