package dev.weft.instrumentation.apachehttpclient5.app;

import org.apache.hc.client5.http.async.methods.SimpleHttpRequest;
import org.apache.hc.client5.http.async.methods.SimpleHttpResponse;
import org.apache.hc.client5.http.async.methods.SimpleRequestBuilder;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.CloseableHttpResponse;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.apache.hc.core5.http.message.BasicClassicHttpRequest;

import org.apache.hc.core5.http.EntityDetails;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.HttpRequest;
import org.apache.hc.core5.http.Message;
import org.apache.hc.core5.http.URIScheme;
import org.apache.hc.core5.http.impl.bootstrap.HttpAsyncServer;
import org.apache.hc.core5.http.nio.AsyncRequestConsumer;
import org.apache.hc.core5.http.nio.AsyncServerRequestHandler;
import org.apache.hc.core5.http.nio.entity.StringAsyncEntityConsumer;
import org.apache.hc.core5.http.nio.support.AsyncResponseBuilder;
import org.apache.hc.core5.http.nio.support.BasicRequestConsumer;
import org.apache.hc.core5.http.protocol.HttpContext;
import org.apache.hc.core5.http2.HttpVersionPolicy;
import org.apache.hc.core5.http2.impl.nio.bootstrap.H2ServerBootstrap;
import org.apache.hc.core5.reactor.ListenerEndpoint;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.net.URI;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;

/**
 * The application: calls HttpClient 5 the ways applications do. It lives in the test's HttpClient
 * loader (copied there), so the test reaches it by reflection, with JDK types only.
 */
public final class Apache5App {

    private static CloseableHttpClient classic;
    private static CloseableHttpAsyncClient async;
    private static CloseableHttpAsyncClient h2;

    private Apache5App() {
    }

    private static synchronized CloseableHttpClient classic() {
        if (classic == null) {
            classic = HttpClients.createDefault();
        }
        return classic;
    }

    private static synchronized CloseableHttpAsyncClient async() {
        if (async == null) {
            async = HttpAsyncClients.createDefault();
            async.start();
        }
        return async;
    }

    /** A GET of {@code url} through one of the {@code execute} overloads; returns the status. */
    public static int classic(String overload, String url, String traceparent) throws Exception {
        URI uri = URI.create(url);
        HttpHost host = new HttpHost(uri.getScheme(), uri.getHost(), uri.getPort());
        String path = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        HttpGet get = new HttpGet(url);
        BasicClassicHttpRequest relative = new BasicClassicHttpRequest("GET", path);
        if (traceparent != null) {
            get.setHeader("traceparent", traceparent);
            relative.setHeader("traceparent", traceparent);
        }
        switch (overload) {
            case "request":
                try (CloseableHttpResponse response = classic().execute(get)) {
                    EntityUtils.consume(response.getEntity());
                    return response.getCode();
                }
            case "request-context":
                try (CloseableHttpResponse response = classic().execute(get, HttpClientContext.create())) {
                    EntityUtils.consume(response.getEntity());
                    return response.getCode();
                }
            case "host-request":
                try (CloseableHttpResponse response = classic().execute(host, relative)) {
                    EntityUtils.consume(response.getEntity());
                    return response.getCode();
                }
            case "request-handler":
                return classic().execute(get, ClassicHttpResponse::getCode);
            case "host-request-handler":
                return classic().execute(host, relative, ClassicHttpResponse::getCode);
            case "host-request-context-handler":
                return classic().execute(host, relative, HttpClientContext.create(), ClassicHttpResponse::getCode);
            case "execute-open":
                try (ClassicHttpResponse response = classic().executeOpen(host, relative, null)) {
                    EntityUtils.consume(response.getEntity());
                    return response.getCode();
                }
            case "post":
                HttpPost post = new HttpPost(url);
                post.setEntity(new StringEntity("{}"));
                return classic().execute(post, ClassicHttpResponse::getCode);
            default:
                throw new IllegalArgumentException(overload);
        }
    }

    /** A GET through the minimal client, which sends the request object it is given. */
    public static int minimal(String url, String traceparent) throws Exception {
        try (CloseableHttpClient client = HttpClients.createMinimal()) {
            URI uri = URI.create(url);
            ClassicHttpRequest request = new BasicClassicHttpRequest("GET", uri.getRawPath());
            if (traceparent != null) {
                request.setHeader("traceparent", traceparent);
            }
            return client.execute(new HttpHost(uri.getScheme(), uri.getHost(), uri.getPort()), request,
                    ClassicHttpResponse::getCode);
        }
    }

    /** A GET whose request interceptor makes a call of its own with HttpURLConnection first. */
    public static int nested(String url, String innerUrl) throws Exception {
        try (CloseableHttpClient client = HttpClients.custom()
                .addRequestInterceptorFirst((request, entity, context) -> {
                    HttpURLConnection inner = (HttpURLConnection) URI.create(innerUrl).toURL().openConnection();
                    inner.getResponseCode();
                    inner.disconnect();
                })
                .build()) {
            return client.execute(new HttpGet(url), ClassicHttpResponse::getCode);
        }
    }

    /** Starts an async GET; the future is the client's own. */
    public static Future<SimpleHttpResponse> asyncGet(String url, String traceparent) {
        SimpleRequestBuilder builder = SimpleRequestBuilder.get(url);
        if (traceparent != null) {
            builder.setHeader("traceparent", traceparent);
        }
        return async().execute(builder.build(), null);
    }

    /** Starts an async POST with a callback that completes {@code done} with the status, or the failure. */
    public static Future<SimpleHttpResponse> asyncPost(String url, CompletableFuture<Integer> done) {
        SimpleHttpRequest request = SimpleRequestBuilder.post(url).setBody("{}", ContentType.APPLICATION_JSON).build();
        return async().execute(request, new FutureCallback<SimpleHttpResponse>() {
            @Override
            public void completed(SimpleHttpResponse result) {
                done.complete(result.getCode());
            }

            @Override
            public void failed(Exception ex) {
                done.completeExceptionally(ex);
            }

            @Override
            public void cancelled() {
                done.cancel(false);
            }
        });
    }

    /**
     * Starts an HTTP/2 server (plain text, prior knowledge) that answers 200 and keeps the
     * {@code traceparent} values of each request in {@code traceparents}; returns its port.
     */
    public static int h2Server(List<List<String>> traceparents) throws Exception {
        HttpAsyncServer server = H2ServerBootstrap.bootstrap()
                .setVersionPolicy(HttpVersionPolicy.FORCE_HTTP_2)
                .setCanonicalHostName("127.0.0.1")
                .register("*", new AsyncServerRequestHandler<Message<HttpRequest, String>>() {
                    @Override
                    public AsyncRequestConsumer<Message<HttpRequest, String>> prepare(
                            HttpRequest request, EntityDetails entityDetails, HttpContext context) {
                        return new BasicRequestConsumer<>(entityDetails != null ? new StringAsyncEntityConsumer() : null);
                    }

                    @Override
                    public void handle(Message<HttpRequest, String> message, ResponseTrigger trigger, HttpContext context)
                            throws HttpException, IOException {
                        List<String> values = new ArrayList<>();
                        for (Header header : message.getHead().getHeaders("traceparent")) {
                            values.add(header.getValue());
                        }
                        traceparents.add(values);
                        trigger.submitResponse(AsyncResponseBuilder.create(200)
                                .setEntity("ok", ContentType.TEXT_PLAIN).build(), context);
                    }
                })
                .create();
        server.start();
        ListenerEndpoint endpoint = server.listen(new InetSocketAddress("127.0.0.1", 0), URIScheme.HTTP).get();
        return ((InetSocketAddress) endpoint.getAddress()).getPort();
    }

    /** An async GET through the HTTP/2-only client (its own main exec); the future is the client's. */
    public static Future<SimpleHttpResponse> h2Get(String url, String traceparent) {
        synchronized (Apache5App.class) {
            if (h2 == null) {
                h2 = HttpAsyncClients.createHttp2Default();
                h2.start();
            }
        }
        SimpleRequestBuilder builder = SimpleRequestBuilder.get(url);
        if (traceparent != null) {
            builder.setHeader("traceparent", traceparent);
        }
        return h2.execute(builder.build(), null);
    }

    /** The status of what {@link #asyncGet} got. */
    public static int code(Object response) {
        return ((SimpleHttpResponse) response).getCode();
    }
}
