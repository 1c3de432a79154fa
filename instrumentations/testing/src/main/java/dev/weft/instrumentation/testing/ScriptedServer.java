package dev.weft.instrumentation.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * An HTTP/1.1 server on 127.0.0.1 that answers by the request's path, for the clients' redirect,
 * retry and slow-response cases, and keeps the trace headers of every request it reads. One
 * request per connection ({@code Connection: close}). By path (query ignored):
 * <ul>
 *   <li>{@code /redirect/...}: {@code 302} to the same path without {@code /redirect};</li>
 *   <li>{@code /drop-once/...}: the first request of that path gets no answer (the connection is
 *       closed), the next ones {@code 200};</li>
 *   <li>{@code /unavailable-once/...}: the first request of that path gets {@code 503} with
 *       {@code Retry-After: 0}, the next ones {@code 200};</li>
 *   <li>{@code /status/NNN}: that status;</li>
 *   <li>{@code /hold/NAME}: {@code 200} once {@link #release release(NAME)} is called (at most 10 s);</li>
 *   <li>anything else: {@code 200}.</li>
 * </ul>
 */
public final class ScriptedServer implements AutoCloseable {

    /** A request as the server read it. */
    public record Request(String method, String path, List<String> traceparents, List<String> tracestates) {
    }

    private final ServerSocket socket;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final Set<String> seen = ConcurrentHashMap.newKeySet();
    private final Map<String, CountDownLatch> held = new ConcurrentHashMap<>();
    private final Map<String, CountDownLatch> holding = new ConcurrentHashMap<>();
    private volatile boolean closed;

    public ScriptedServer() throws IOException {
        socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "scripted-server");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public String url(String path) {
        return "http://127.0.0.1:" + socket.getLocalPort() + path;
    }

    public int port() {
        return socket.getLocalPort();
    }

    /** Every request read so far, in order (a dropped one included). */
    public List<Request> requests() {
        return List.copyOf(requests);
    }

    /** The requests read so far whose path starts with {@code prefix}. */
    public List<Request> requests(String prefix) {
        return requests.stream().filter(r -> r.path().startsWith(prefix)).toList();
    }

    /** Waits until a request of {@code /hold/NAME} is being held; whether one is. */
    public boolean awaitHolding(String name, long seconds) throws InterruptedException {
        return latch(holding, name).await(seconds, TimeUnit.SECONDS);
    }

    /** Lets the requests of {@code /hold/NAME} be answered, those held and those to come. */
    public void release(String name) {
        latch(held, name).countDown();
    }

    private static CountDownLatch latch(Map<String, CountDownLatch> latches, String name) {
        return latches.computeIfAbsent(name, n -> new CountDownLatch(1));
    }

    @Override
    public void close() {
        closed = true;
        held.values().forEach(CountDownLatch::countDown);
        try {
            socket.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void accept() {
        while (!closed) {
            try {
                Socket connection = socket.accept();
                Thread worker = new Thread(() -> serve(connection), "scripted-server-connection");
                worker.setDaemon(true);
                worker.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket connection) {
        try (connection) {
            connection.setSoTimeout(15_000);
            InputStream in = connection.getInputStream();
            String requestLine = line(in);
            if (requestLine == null || requestLine.isEmpty()) {
                return;
            }
            String[] parts = requestLine.split(" ");
            String method = parts[0];
            String target = parts.length > 1 ? parts[1] : "/";
            String path = target.contains("?") ? target.substring(0, target.indexOf('?')) : target;
            List<String> traceparents = new ArrayList<>();
            List<String> tracestates = new ArrayList<>();
            long length = 0;
            boolean chunked = false;
            for (String header = line(in); header != null && !header.isEmpty(); header = line(in)) {
                int colon = header.indexOf(':');
                if (colon < 0) {
                    continue;
                }
                String name = header.substring(0, colon).trim().toLowerCase(Locale.ROOT);
                String value = header.substring(colon + 1).trim();
                switch (name) {
                    case "traceparent" -> traceparents.add(value);
                    case "tracestate" -> tracestates.add(value);
                    case "content-length" -> length = Long.parseLong(value);
                    case "transfer-encoding" -> chunked = value.equalsIgnoreCase("chunked");
                    default -> {
                    }
                }
            }
            readBody(in, length, chunked);
            requests.add(new Request(method, path, List.copyOf(traceparents), List.copyOf(tracestates)));
            OutputStream out = connection.getOutputStream();
            if (path.startsWith("/redirect/")) {
                respond(out, 302, "Location: " + path.substring("/redirect".length()) + "\r\n");
            } else if (path.startsWith("/drop-once/")) {
                if (seen.add(path)) {
                    return;
                }
                respond(out, 200, "");
            } else if (path.startsWith("/unavailable-once/")) {
                respond(out, seen.add(path) ? 503 : 200, "Retry-After: 0\r\n");
            } else if (path.startsWith("/status/")) {
                respond(out, Integer.parseInt(path.substring("/status/".length())), "");
            } else if (path.startsWith("/hold/")) {
                String name = path.substring("/hold/".length());
                latch(holding, name).countDown();
                latch(held, name).await(10, TimeUnit.SECONDS);
                respond(out, 200, "");
            } else {
                respond(out, 200, "");
            }
        } catch (SocketTimeoutException e) {
            // the client went quiet: nothing to answer
        } catch (IOException e) {
            // the client went away
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void respond(OutputStream out, int status, String headers) throws IOException {
        byte[] body = "ok".getBytes(StandardCharsets.US_ASCII);
        String head = "HTTP/1.1 " + status + " " + reason(status) + "\r\n" + headers
                + "Content-Type: text/plain\r\nContent-Length: " + body.length + "\r\nConnection: close\r\n\r\n";
        out.write(head.getBytes(StandardCharsets.US_ASCII));
        out.write(body);
        out.flush();
    }

    private static String reason(int status) {
        return switch (status) {
            case 200 -> "OK";
            case 302 -> "Found";
            case 404 -> "Not Found";
            case 500 -> "Internal Server Error";
            case 503 -> "Service Unavailable";
            default -> "Status";
        };
    }

    private static void readBody(InputStream in, long length, boolean chunked) throws IOException {
        if (chunked) {
            for (String size = line(in); size != null; size = line(in)) {
                int chunk = Integer.parseInt(size.split(";")[0].trim(), 16);
                if (chunk == 0) {
                    for (String trailer = line(in); trailer != null && !trailer.isEmpty(); trailer = line(in)) {
                        // trailers are ignored
                    }
                    return;
                }
                in.readNBytes(chunk);
                line(in);
            }
        } else if (length > 0) {
            in.readNBytes((int) length);
        }
    }

    /** A line without its CR LF, or {@code null} at the end of the stream. */
    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1) {
            if (b == '\n') {
                int size = bytes.size();
                byte[] all = bytes.toByteArray();
                return new String(all, 0, size > 0 && all[size - 1] == '\r' ? size - 1 : size, StandardCharsets.ISO_8859_1);
            }
            bytes.write(b);
        }
        return bytes.size() == 0 ? null : bytes.toString(StandardCharsets.ISO_8859_1);
    }
}
