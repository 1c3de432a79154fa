package acme.peer;

import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/** {@code okhttp}: OkHttp 5's {@code Call.execute()}, one client for the process as services keep it. */
final class OkHttpClient implements Client {

    private static final MediaType JSON = MediaType.get("application/json");

    private final okhttp3.OkHttpClient client = new okhttp3.OkHttpClient.Builder()
            .callTimeout(5, TimeUnit.SECONDS).build();

    @Override
    public void post(String url, String jsonBody) throws IOException {
        Request request = new Request.Builder().url(url).post(RequestBody.create(jsonBody, JSON)).build();
        try (Response response = client.newCall(request).execute()) {
            response.body().string();
            if (!response.isSuccessful()) {
                throw new IOException("POST " + url + " answered " + response.code());
            }
        }
    }
}
