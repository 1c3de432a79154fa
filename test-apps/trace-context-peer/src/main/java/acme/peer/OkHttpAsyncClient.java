package acme.peer;

import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * {@code okhttp-async}: OkHttp 5's {@code Call.enqueue(Callback)}; the call runs on OkHttp's
 * dispatcher thread, and the request's thread waits for the callback.
 */
final class OkHttpAsyncClient implements Client {

    private static final MediaType JSON = MediaType.get("application/json");

    private final okhttp3.OkHttpClient client = new okhttp3.OkHttpClient.Builder()
            .callTimeout(5, TimeUnit.SECONDS).build();

    @Override
    public void post(String url, String jsonBody) throws Exception {
        Request request = new Request.Builder().url(url).post(RequestBody.create(jsonBody, JSON)).build();
        CompletableFuture<Integer> status = new CompletableFuture<>();
        client.newCall(request).enqueue(new Callback() {
            @Override
            public void onResponse(Call call, Response response) {
                try (response) {
                    response.body().string();
                    status.complete(response.code());
                } catch (IOException | RuntimeException e) {
                    status.completeExceptionally(e);
                }
            }

            @Override
            public void onFailure(Call call, IOException e) {
                status.completeExceptionally(e);
            }
        });
        int code;
        try {
            code = status.get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
        if (code / 100 != 2) {
            throw new IOException("POST " + url + " answered " + code);
        }
    }
}
