package dev.weft.instrumentation.okhttp;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An HTTP/1.1 server on a plain socket that drops its first connection after answering one request
 * on it: the second request sent on that (pooled) connection is read and never answered, which
 * OkHttp retries by itself on a new connection. It keeps the {@code traceparent} values of every
 * request it read, the unanswered one too.
 */
final class StalePeer implements AutoCloseable {

    private final ServerSocket server;
    private final List<List<String>> traceparents = new CopyOnWriteArrayList<>();
    private final AtomicInteger connections = new AtomicInteger();
    private final Thread acceptor;

    StalePeer() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        acceptor = new Thread(this::accept, "stale-peer");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getLocalPort() + path;
    }

    /** The {@code traceparent} values of each request read so far, in order. */
    List<List<String>> traceparents() {
        return List.copyOf(traceparents);
    }

    int connections() {
        return connections.get();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                boolean first = connections.incrementAndGet() == 1;
                Thread serving = new Thread(() -> serve(socket, first), "stale-peer-connection");
                serving.setDaemon(true);
                serving.start();
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void serve(Socket socket, boolean first) {
        try (socket; InputStream in = socket.getInputStream(); OutputStream out = socket.getOutputStream()) {
            for (int served = 0; ; served++) {
                List<String> headers = readHead(in);
                if (headers == null) {
                    return;
                }
                List<String> values = new ArrayList<>();
                for (String header : headers) {
                    int colon = header.indexOf(':');
                    if (colon > 0 && header.substring(0, colon).trim().toLowerCase(Locale.ROOT).equals("traceparent")) {
                        values.add(header.substring(colon + 1).trim());
                    }
                }
                traceparents.add(values);
                if (first && served == 1) {
                    return; // read, never answered: the connection just closes
                }
                out.write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Type: text/plain\r\n\r\nok"
                        .getBytes(StandardCharsets.US_ASCII));
                out.flush();
            }
        } catch (IOException e) {
            // the client went away
        }
    }

    /** The request line and headers of a request without a body, or {@code null} at the end of the stream. */
    private static List<String> readHead(InputStream in) throws IOException {
        List<String> lines = new ArrayList<>();
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b >= 0; b = in.read()) {
            if (b == '\n') {
                String text = line.toString(StandardCharsets.US_ASCII).stripTrailing();
                line.reset();
                if (text.isEmpty()) {
                    return lines;
                }
                lines.add(text);
            } else {
                line.write(b);
            }
        }
        return null;
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
