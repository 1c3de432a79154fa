package dev.weft.instrumentation.apachehttpclient4.app;

import org.apache.http.HttpHost;
import org.apache.http.HttpResponse;
import org.apache.http.client.ResponseHandler;
import org.apache.http.client.methods.CloseableHttpResponse;
import org.apache.http.client.methods.HttpGet;
import org.apache.http.client.methods.HttpPost;
import org.apache.http.client.protocol.HttpClientContext;
import org.apache.http.entity.StringEntity;
import org.apache.http.impl.client.CloseableHttpClient;
import org.apache.http.impl.client.HttpClients;
import org.apache.http.message.BasicHttpRequest;
import org.apache.http.util.EntityUtils;

import java.net.HttpURLConnection;
import java.net.URI;

/**
 * The application: calls HttpClient 4 the ways applications do. It lives in the test's HttpClient
 * loader (copied there), so the test reaches it by reflection, with JDK types only.
 */
public final class Apache4App {

    private static final ResponseHandler<Integer> STATUS = response -> {
        EntityUtils.consume(response.getEntity());
        return response.getStatusLine().getStatusCode();
    };
    private static CloseableHttpClient client;

    private Apache4App() {
    }

    private static synchronized CloseableHttpClient client() {
        if (client == null) {
            client = HttpClients.createDefault();
        }
        return client;
    }

    /** A GET of {@code url} through one of the {@code execute} overloads; returns the status. */
    public static int call(String overload, String url, String traceparent) throws Exception {
        URI uri = URI.create(url);
        HttpHost host = new HttpHost(uri.getHost(), uri.getPort(), uri.getScheme());
        String path = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        HttpGet get = new HttpGet(url);
        BasicHttpRequest relative = new BasicHttpRequest("GET", path);
        if (traceparent != null) {
            get.setHeader("traceparent", traceparent);
            relative.setHeader("traceparent", traceparent);
        }
        switch (overload) {
            case "uri":
                return status(client().execute(get));
            case "uri-context":
                return status(client().execute(get, HttpClientContext.create()));
            case "host-request":
                return status(client().execute(host, relative));
            case "host-request-context":
                return status(client().execute(host, relative, HttpClientContext.create()));
            case "uri-handler":
                return client().execute(get, STATUS);
            case "uri-handler-context":
                return client().execute(get, STATUS, HttpClientContext.create());
            case "host-request-handler":
                return client().execute(host, relative, STATUS);
            case "host-request-handler-context":
                return client().execute(host, relative, STATUS, HttpClientContext.create());
            case "post":
                HttpPost post = new HttpPost(url);
                post.setEntity(new StringEntity("{}"));
                return client().execute(post, STATUS);
            default:
                throw new IllegalArgumentException(overload);
        }
    }

    /** A GET through the minimal client; returns the status. */
    public static int minimal(String url, String traceparent) throws Exception {
        try (CloseableHttpClient minimal = HttpClients.createMinimal()) {
            HttpGet get = new HttpGet(url);
            if (traceparent != null) {
                get.setHeader("traceparent", traceparent);
            }
            return minimal.execute(get, STATUS);
        }
    }

    /** The traceparent values the application's own request object holds after a call of it. */
    public static String[] headersAfterCall(String url, String traceparent) throws Exception {
        HttpGet get = new HttpGet(url);
        get.setHeader("traceparent", traceparent);
        client().execute(get, STATUS);
        return java.util.Arrays.stream(get.getHeaders("traceparent")).map(h -> h.getValue()).toArray(String[]::new);
    }

    /** A GET whose request interceptor makes a call of its own with HttpURLConnection first. */
    public static int nested(String url, String innerUrl) throws Exception {
        try (CloseableHttpClient nested = HttpClients.custom()
                .addInterceptorFirst((org.apache.http.HttpRequestInterceptor) (request, context) -> {
                    HttpURLConnection inner = (HttpURLConnection) URI.create(innerUrl).toURL().openConnection();
                    inner.getResponseCode();
                    inner.disconnect();
                })
                .build()) {
            return nested.execute(new HttpGet(url), STATUS);
        }
    }

    private static int status(CloseableHttpResponse response) throws Exception {
        try (CloseableHttpResponse closing = response) {
            HttpResponse plain = closing;
            EntityUtils.consume(plain.getEntity());
            return plain.getStatusLine().getStatusCode();
        }
    }
}
