package acme.peer;

import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.apache.hc.core5.util.Timeout;

import java.io.IOException;

/** {@code apache5}: Apache HttpClient 5 classic, one for the process as services keep it. */
final class Apache5Client implements Client {

    private final CloseableHttpClient client = HttpClients.custom()
            .setDefaultRequestConfig(RequestConfig.custom().setResponseTimeout(Timeout.ofSeconds(5)).build())
            .build();

    @Override
    public void post(String url, String jsonBody) throws IOException {
        HttpPost post = new HttpPost(url);
        post.setEntity(new StringEntity(jsonBody, ContentType.APPLICATION_JSON));
        int status = client.execute(post, response -> {
            EntityUtils.consume(response.getEntity());
            return response.getCode();
        });
        if (status / 100 != 2) {
            throw new IOException("POST " + url + " answered " + status);
        }
    }
}
