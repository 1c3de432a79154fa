package acme.peer;

import org.apache.http.client.config.RequestConfig;
import org.apache.http.client.methods.HttpPost;
import org.apache.http.entity.ContentType;
import org.apache.http.entity.StringEntity;
import org.apache.http.impl.client.CloseableHttpClient;
import org.apache.http.impl.client.HttpClients;
import org.apache.http.util.EntityUtils;

import java.io.IOException;

/** {@code apache4}: Apache HttpClient 4.5, one for the process as services keep it. */
final class Apache4Client implements Client {

    private final CloseableHttpClient client = HttpClients.custom()
            .setDefaultRequestConfig(RequestConfig.custom().setConnectTimeout(5_000).setSocketTimeout(5_000).build())
            .build();

    @Override
    public void post(String url, String jsonBody) throws IOException {
        HttpPost post = new HttpPost(url);
        post.setEntity(new StringEntity(jsonBody, ContentType.APPLICATION_JSON));
        int status = client.execute(post, response -> {
            EntityUtils.consume(response.getEntity());
            return response.getStatusLine().getStatusCode();
        });
        if (status / 100 != 2) {
            throw new IOException("POST " + url + " answered " + status);
        }
    }
}
