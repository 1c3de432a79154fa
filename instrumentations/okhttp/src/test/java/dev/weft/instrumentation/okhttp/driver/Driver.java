package dev.weft.instrumentation.okhttp.driver;

import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.Dispatcher;
import okhttp3.Interceptor;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BiConsumer;

/**
 * An application's use of OkHttp, copied into the class loader that holds OkHttp: the tests, whose
 * own loader cannot see OkHttp, call it reflectively, with JDK types only. Compiled against OkHttp
 * 4; it uses only what OkHttp 5 keeps as it was (and for OkHttp 3, only {@link #execute} and
 * {@link #enqueue} of a GET).
 */
public final class Driver {

    private final OkHttpClient client;

    public Driver() {
        this(new OkHttpClient.Builder().build());
    }

    private Driver(OkHttpClient client) {
        this.client = client;
    }

    /** A client whose dispatcher's executor is shut down: it rejects every enqueued call. */
    public static Driver rejecting() {
        ExecutorService executor = Executors.newSingleThreadExecutor();
        executor.shutdown();
        return new Driver(new OkHttpClient.Builder().dispatcher(new Dispatcher(executor)).build());
    }

    /** A client whose dispatcher runs one call per host at a time: the others wait in its queue. */
    public static Driver onePerHost() {
        Driver driver = new Driver();
        driver.client.dispatcher().setMaxRequestsPerHost(1);
        return driver;
    }

    /** {@code Call.execute()}; the response's status, its body read and closed. */
    public int execute(String method, String url, Map<String, String> headers) throws IOException {
        try (Response response = client.newCall(request(method, url, headers)).execute()) {
            response.body().string();
            return response.code();
        }
    }

    /**
     * {@code Call.enqueue}: {@code called} gets the status (or the failure) first thing in
     * {@code onResponse} ({@code onFailure}), then the body is read.
     */
    public void enqueue(String method, String url, Map<String, String> headers, BiConsumer<Integer, Throwable> called) {
        client.newCall(request(method, url, headers)).enqueue(new Done(called));
    }

    /**
     * An application interceptor that sets a {@code traceparent} of its own and sends the request
     * {@code attempts} times (a retrying interceptor), then the call's status.
     */
    public int executeRetryingInterceptor(String url, int attempts) throws IOException {
        Interceptor retrying = chain -> {
            Request own = chain.request().newBuilder()
                    .header("traceparent", "00-11111111111111111111111111111111-1111111111111111-01").build();
            for (int i = 1; i < attempts; i++) {
                chain.proceed(own).close();
            }
            return chain.proceed(own);
        };
        OkHttpClient retryingClient = client.newBuilder().addInterceptor(retrying).build();
        try (Response response = retryingClient.newCall(request("GET", url, Map.of())).execute()) {
            response.body().string();
            return response.code();
        }
    }

    /**
     * An application interceptor that calls other clients before it proceeds: another OkHttp call
     * and an {@code HttpURLConnection}, both to {@code innerUrl}.
     */
    public int executeNestingInterceptor(String url, String innerUrl) throws IOException {
        OkHttpClient plain = client;
        Interceptor nesting = chain -> {
            try (Response inner = plain.newCall(request("GET", innerUrl, Map.of())).execute()) {
                inner.body().string();
            }
            HttpURLConnection connection = (HttpURLConnection) URI.create(innerUrl).toURL().openConnection();
            try (InputStream in = connection.getInputStream()) {
                in.readAllBytes();
            }
            return chain.proceed(chain.request());
        };
        OkHttpClient nestingClient = client.newBuilder().addInterceptor(nesting).build();
        try (Response response = nestingClient.newCall(request("GET", url, Map.of())).execute()) {
            response.body().string();
            return response.code();
        }
    }

    /** The final response's status and the URL it came from, after redirects. */
    public String executeFollowing(String url) throws IOException {
        try (Response response = client.newCall(request("GET", url, Map.of())).execute()) {
            response.body().string();
            return response.code() + " " + response.request().url();
        }
    }

    /** Executes the same call twice: the second time OkHttp throws "Already Executed". */
    public String executeTwice(String url) throws IOException {
        Call call = client.newCall(request("GET", url, Map.of()));
        try (Response response = call.execute()) {
            response.body().string();
        }
        try {
            call.execute().close();
            return "executed twice";
        } catch (IllegalStateException e) {
            return e.getMessage();
        }
    }

    /** The request the application builds, and whether the response carries that same object back. */
    public boolean responseCarriesTheApplicationsRequest(String url) throws IOException {
        Request request = request("GET", url, Map.of());
        try (Response response = client.newCall(request).execute()) {
            response.body().string();
            return response.request() == request && request.header("traceparent") == null;
        }
    }

    public void close() {
        client.dispatcher().executorService().shutdown();
        client.connectionPool().evictAll();
    }

    private static Request request(String method, String url, Map<String, String> headers) {
        Request.Builder builder = new Request.Builder().url(url);
        headers.forEach(builder::header);
        if (method.equals("POST")) {
            builder.post(RequestBody.create("{}", MediaType.get("application/json")));
        }
        return builder.build();
    }

    /** The callback of an enqueued call. */
    static final class Done implements Callback {
        private final BiConsumer<Integer, Throwable> called;

        Done(BiConsumer<Integer, Throwable> called) {
            this.called = called;
        }

        @Override
        public void onResponse(Call call, Response response) throws IOException {
            called.accept(response.code(), null);
            try (Response body = response) {
                body.body().string();
            }
        }

        @Override
        public void onFailure(Call call, IOException e) {
            called.accept(0, e);
        }
    }
}
