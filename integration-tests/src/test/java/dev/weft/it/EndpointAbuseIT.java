package dev.weft.it;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Whatever reaches Weft's port — malformed, oversized, slow, or simply not HTTP — the application
 * serves on, Weft answers with a client error or closes the connection, and the next scrape works.
 */
class EndpointAbuseIT {

    @TempDir
    static Path dir;
    static AppProcess app;
    static int port;

    @BeforeAll
    static void start() throws Exception {
        Path config = Configs.write(dir, "weft.yaml", """
                instrument:
                  - name: checkout
                    class: acme.orders.OrderService
                    record: [timer, count]
                """);
        app = AppProcess.withAgent("config=" + config + ",port=0").awaitAppAndAgent();
        port = URI.create(app.endpoint()).getPort();
    }

    @AfterAll
    static void stop() throws InterruptedException {
        app.close();
    }

    /** Sends raw bytes and returns the status code of the answer, or -1 when the connection closed without one. */
    static int raw(byte[] request) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            try {
                out.write(request);
                out.flush();
                socket.shutdownOutput();
            } catch (IOException e) {
                // the server closed while we were still sending: that is an answer too
            }
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            int b;
            try {
                while ((b = in.read()) != -1 && b != '\n' && head.size() < 200) {
                    head.write(b);
                }
            } catch (SocketTimeoutException e) {
                throw new AssertionError("no answer and no close within 10 s to " + describe(request));
            } catch (IOException e) {
                return -1; // reset
            }
            String statusLine = head.toString(StandardCharsets.ISO_8859_1);
            String[] parts = statusLine.split(" ");
            return parts.length > 1 && statusLine.startsWith("HTTP/") ? Integer.parseInt(parts[1]) : -1;
        }
    }

    private static String describe(byte[] request) {
        String text = new String(request, 0, Math.min(request.length, 60), StandardCharsets.ISO_8859_1);
        return "'" + text.replaceAll("[^\\x20-\\x7e]", "?") + (request.length > 60 ? "…' (" + request.length + " bytes)" : "'");
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Malformed and oversized requests, each a case a fuzzer or a confused client sends. */
    static Map<String, byte[]> malformed() {
        Map<String, byte[]> cases = new TreeMap<>();
        cases.put("not HTTP at all", ascii("GARBAGE\r\n\r\n"));
        cases.put("method alone", ascii("GET\r\n\r\n"));
        cases.put("no HTTP version", ascii("GET /metrics\r\n\r\n"));
        cases.put("unknown HTTP version", ascii("GET /metrics HTTP/9.9\r\n\r\n"));
        cases.put("header without colon", ascii("GET /metrics HTTP/1.1\r\nHost\r\n\r\n"));
        cases.put("header with empty name", ascii("GET /metrics HTTP/1.1\r\n: value\r\n\r\n"));
        cases.put("bad percent-encoding", ascii("GET /%zz%%% HTTP/1.1\r\nHost: x\r\n\r\n"));
        cases.put("request line of 64 KB", ascii("GET /" + "a".repeat(64 * 1024) + " HTTP/1.1\r\nHost: x\r\n\r\n"));
        cases.put("request line of 4 MB", ascii("GET /" + "a".repeat(4 * 1024 * 1024) + " HTTP/1.1\r\nHost: x\r\n\r\n"));
        cases.put("1,000 headers", ascii("GET /metrics HTTP/1.1\r\nHost: x\r\n" + "X-Fill: y\r\n".repeat(1000) + "\r\n"));
        cases.put("header value of 1 MB", ascii("GET /metrics HTTP/1.1\r\nHost: x\r\nX-Big: " + "b".repeat(1024 * 1024) + "\r\n\r\n"));
        cases.put("binary", new byte[] {0, 1, 2, 3, (byte) 0xff, (byte) 0xfe, '\r', '\n', '\r', '\n'});
        cases.put("HTTP/2 preface", ascii("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"));
        cases.put("TLS ClientHello on the plain port", new byte[] {0x16, 0x03, 0x01, 0x00, (byte) 0xa5, 0x01, 0x00, 0x00, (byte) 0xa1, 0x03, 0x03});
        cases.put("negative Content-Length", ascii("GET /metrics HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n"));
        cases.put("broken chunked body", ascii("GET /metrics HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nZZZ\r\n"));
        cases.put("POST with a 2 MB body", ascii("POST /metrics HTTP/1.1\r\nHost: x\r\nContent-Length: " + (2 << 20) + "\r\n\r\n"
                + "p".repeat(2 << 20)));
        cases.put("path traversal", ascii("GET /../../etc/passwd HTTP/1.1\r\nHost: x\r\n\r\n"));
        return cases;
    }

    @Test
    void malformedAndOversizedRequestsGetAClientErrorAndTheAppServesOn() throws Exception {
        Map<String, Integer> answers = new TreeMap<>();
        try (Traffic traffic = new Traffic(app, "/orders/place?item=book&qty=1", "order ")) {
            for (Map.Entry<String, byte[]> c : malformed().entrySet()) {
                int status = raw(c.getValue());
                answers.put(c.getKey(), status);
                assertTrue(status == -1 || (status >= 400 && status < 500),
                        c.getKey() + " must get a 4xx or a closed connection, got " + status);
                assertEquals(200, app.weft("/metrics").statusCode(), "scrape after " + c.getKey());
            }
            long served = traffic.stop();
            assertTrue(traffic.failures().isEmpty(), traffic.failures().toString());
            assertTrue(served > 0);
            ReliabilityLog.row("HTTP endpoint", answers.size() + " malformed or oversized requests ("
                            + String.join(", ", answers.keySet()) + ")",
                    served + " app requests during the run, 0 failed", "answered " + answers,
                    "requests " + served + ", errors 0");
        }
    }

    @Test
    void otherMethodsGet405() throws Exception {
        for (String method : List.of("POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "CONNECT")) {
            int status = raw(ascii(method + " /metrics HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n"));
            assertEquals(405, status, method);
        }
        assertEquals(403, raw(ascii("POST /reload HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n")),
                "reload needs auth configured");
    }

    @Test
    void aBoundedFuzzNeverGetsA2xxOr5xxAndNeverStopsTheEndpoint() throws Exception {
        Random random = new Random(20261123);
        byte[] valid = ascii("GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/plain\r\n\r\n");
        Map<Integer, Integer> byStatus = new TreeMap<>();
        int cases = 300;
        for (int i = 0; i < cases; i++) {
            byte[] input;
            if (i % 2 == 0) {
                // a valid request with a few bytes changed
                input = valid.clone();
                for (int flips = 1 + random.nextInt(4); flips > 0; flips--) {
                    input[random.nextInt(input.length)] = (byte) random.nextInt(256);
                }
            } else {
                input = new byte[1 + random.nextInt(2048)];
                random.nextBytes(input);
            }
            int status = raw(input);
            byStatus.merge(status, 1, Integer::sum);
            assertFalse(status >= 500, "a 5xx for " + describe(input));
        }
        assertEquals(200, app.weft("/metrics").statusCode());
        ReliabilityLog.row("HTTP endpoint", "fuzz: " + cases + " inputs (seeded), half a valid request with 1–4 bytes "
                        + "changed, half random bytes up to 2 KB", "—",
                "answers by status (-1: connection closed): " + byStatus + "; no 5xx; endpoint answering after",
                "inputs " + cases);
    }

    @Test
    void aScrapeIsAnsweredInTimeWhileHundredsOfConnectionsStallAfterOneByte() throws Exception {
        // Ten times the endpoint's threads, each connection sending one byte of its request and no more.
        int count = 320;
        // One request first, so the HTTP server histogram is in both scrapes compared below. The
        // server records it as the exchange closes, which may be just after the client has its answer.
        assertEquals(200, app.app("/orders/place?item=book&qty=1").statusCode());
        await().atMost(Duration.ofSeconds(10)).until(() ->
                new Scrape(app.scrape()).has("http_server_request_duration_seconds_count"));
        Scrape before = new Scrape(app.scrape());
        List<Socket> stalled = new ArrayList<>();
        try (Traffic traffic = new Traffic(app, "/orders/place?item=book&qty=1", "order ")) {
            for (int i = 0; i < count; i++) {
                Socket socket = new Socket(InetAddress.getLoopbackAddress(), port);
                socket.getOutputStream().write('G');
                socket.getOutputStream().flush();
                stalled.add(socket);
            }
            Thread.sleep(500); // the endpoint has seen every first byte before the scrape comes
            long start = System.nanoTime();
            HttpResponse<String> scrape = AppProcess.send(HttpRequest.newBuilder(URI.create(app.metricsUrl()))
                    .timeout(Duration.ofSeconds(60)).GET().build());
            long scrapeMillis = (System.nanoTime() - start) / 1_000_000;
            assertEquals(200, scrape.statusCode());
            // Prometheus gives up on a scrape after 10 s by default: the answer must come well before.
            assertTrue(scrapeMillis < 5_000, "the scrape took " + scrapeMillis + " ms behind " + count
                    + " stalled connections");
            Scrape during = new Scrape(scrape.body());
            assertEquals(names(before), names(during), "the whole registry, not part of it");
            String[] placeOrder = {"selector", "checkout", "method", "placeOrder"};
            assertTrue(during.value("weft_method_calls_total", placeOrder)
                    > before.value("weft_method_calls_total", placeOrder), "calls placed during the stall counted");
            long servedDuring = traffic.ok();
            assertEquals(200, app.app("/orders/place?item=book&qty=1").statusCode());

            // Every stalled connection is then closed by Weft: none is left holding a thread or a socket.
            int closed = 0;
            for (Socket socket : stalled) {
                socket.setSoTimeout(30_000);
                try {
                    if (socket.getInputStream().read() == -1) {
                        closed++;
                    }
                } catch (SocketTimeoutException e) {
                    // still open after 30 s: counted as not closed
                } catch (IOException e) {
                    closed++; // reset by the server
                }
            }
            long cutMillis = (System.nanoTime() - start) / 1_000_000;
            assertEquals(count, closed, "every stalled connection closed by Weft");
            long served = traffic.stop();
            assertTrue(traffic.failures().isEmpty(), traffic.failures().toString());
            assertTrue(servedDuring > 0 && served > servedDuring, "the app served on: " + servedDuring + ", " + served);
            assertEquals(200, app.weft("/metrics").statusCode());
            ReliabilityLog.row("HTTP endpoint", count + " connections (ten times the endpoint's threads) that each "
                            + "send one byte of a request and stop, then a scrape of /metrics",
                    served + " app requests during the run, 0 failed",
                    "took the scrape ahead of the stalled connections (newest first) and answered it with the whole "
                            + "registry; cut each stalled one by its deadline (5 s from its first byte; sooner while "
                            + "others wait for a thread; past 96 waiting, the oldest closed unread)",
                    "scrape took " + scrapeMillis + " ms; all " + count + " closed within " + cutMillis + " ms");
        } finally {
            for (Socket socket : stalled) {
                socket.close();
            }
        }
    }

    private static java.util.Set<String> names(Scrape scrape) {
        java.util.Set<String> names = new java.util.TreeSet<>();
        for (String line : scrape.text().split("\n")) {
            if (line.startsWith("# TYPE ")) {
                names.add(line.split(" ")[2]);
            }
        }
        return names;
    }

    @Test
    void slowClientsCannotPinTheEndpoint() throws Exception {
        // More clients than the endpoint has threads, each stopping half-way through its request.
        List<Socket> slow = new ArrayList<>();
        try {
            for (int i = 0; i < 40; i++) {
                Socket socket = new Socket(InetAddress.getLoopbackAddress(), port);
                socket.getOutputStream().write(ascii("GET /metrics HTTP/1.1\r\nHost: x\r\nX-Slow: "));
                socket.getOutputStream().flush();
                slow.add(socket);
            }
            long start = System.nanoTime();
            assertEquals(200, app.weft("/metrics").statusCode(), "a scrape while 40 clients hang mid-request");
            long scrapeMillis = (System.nanoTime() - start) / 1_000_000;
            assertEquals(200, app.app("/orders/place?item=book&qty=1").statusCode());
            // Each stalled client is cut off: the server closes its connection, freeing the thread.
            int closed = 0;
            for (Socket socket : slow) {
                socket.setSoTimeout(20_000);
                try {
                    if (socket.getInputStream().read() == -1) {
                        closed++;
                    }
                } catch (IOException e) {
                    closed++; // reset by the server
                }
            }
            long cutMillis = (System.nanoTime() - start) / 1_000_000;
            assertEquals(40, closed, "every stalled connection closed by Weft");
            ReliabilityLog.row("HTTP endpoint", "40 clients (more than the endpoint's 32 threads) that stop mid-request "
                            + "and hold their connections", "requests answered",
                    "a scrape still answered; every stalled connection closed by its 5 s deadline",
                    "scrape took " + scrapeMillis + " ms; all 40 cut within " + cutMillis + " ms");
        } finally {
            for (Socket socket : slow) {
                socket.close();
            }
        }
    }
}
