package acme.orders;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Calls another service over HTTP from a worker thread, with either of the JDK's HTTP clients;
 * {@code HttpURLConnection} three ways real code uses it: the body first, the status first, a POST.
 */
public class RemoteCalls {

    private final ExecutorService pool = Executors.newFixedThreadPool(2);
    private final HttpClient client = HttpClient.newHttpClient();

    /** Hands the call to a worker thread and waits for the answer. */
    public String forward(String via, String url) throws Exception {
        return pool.submit(() -> call(via, url)).get();
    }

    public String call(String via, String url) throws Exception {
        org.slf4j.LoggerFactory.getLogger(RemoteCalls.class).info("calling {} with {}", url, via);
        switch (via) {
            case "urlconnection": {
                HttpURLConnection connection = (HttpURLConnection) URI.create(url).toURL().openConnection();
                try (InputStream in = connection.getInputStream()) {
                    return connection.getResponseCode() + " " + new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
                }
            }
            case "urlconnection-status": {
                // The status first, then the body from the stream that has it (an error status's too).
                HttpURLConnection connection = (HttpURLConnection) URI.create(url).toURL().openConnection();
                return answer(connection, connection.getResponseCode());
            }
            case "urlconnection-post": {
                HttpURLConnection connection = (HttpURLConnection) URI.create(url).toURL().openConnection();
                connection.setRequestMethod("POST");
                connection.setDoOutput(true);
                try (OutputStream out = connection.getOutputStream()) {
                    out.write("{}".getBytes(StandardCharsets.UTF_8));
                }
                return answer(connection, connection.getResponseCode());
            }
            case "httpclient": {
                HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(url)).build(),
                        HttpResponse.BodyHandlers.ofString());
                return response.statusCode() + " " + response.body().trim();
            }
            case "httpclient-async": {
                HttpResponse<String> response = client.sendAsync(HttpRequest.newBuilder(URI.create(url)).build(),
                        HttpResponse.BodyHandlers.ofString()).get();
                return response.statusCode() + " " + response.body().trim();
            }
            default:
                throw new IllegalArgumentException("no client '" + via + "'");
        }
    }

    private static String answer(HttpURLConnection connection, int status) throws Exception {
        try (InputStream in = status < 400 ? connection.getInputStream() : connection.getErrorStream()) {
            return status + " " + new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
        }
    }
}
