package acme.peer;

import org.apache.hc.client5.http.async.methods.SimpleHttpResponse;
import org.apache.hc.client5.http.async.methods.SimpleRequestBuilder;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.apache.hc.core5.http.ContentType;

import java.io.IOException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * {@code apache5-async}: Apache HttpClient 5's async client, started once for the process; the
 * request's thread waits for the response its I/O thread gets.
 */
final class Apache5AsyncClient implements Client {

    private final CloseableHttpAsyncClient client = HttpAsyncClients.createDefault();

    Apache5AsyncClient() {
        client.start();
    }

    @Override
    public void post(String url, String jsonBody) throws Exception {
        SimpleHttpResponse response;
        try {
            response = client.execute(SimpleRequestBuilder.post(url)
                    .setBody(jsonBody, ContentType.APPLICATION_JSON).build(), null).get(5, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
        if (response.getCode() / 100 != 2) {
            throw new IOException("POST " + url + " answered " + response.getCode());
        }
    }
}
