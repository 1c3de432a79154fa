package acme.peer;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * {@code pool}: {@code HttpURLConnection} called from a {@link ThreadPoolExecutor}'s thread, the
 * request's thread submitting the call and waiting for it, as services hand work to a pool. The
 * pool starts its threads as tasks come, so the first is born inside one request and later serves
 * others: each call must still go out in the trace of the request that submitted it.
 */
final class PoolClient implements Client {

    private final Client client = new UrlConnectionClient();
    private final ThreadPoolExecutor pool = new ThreadPoolExecutor(2, 2, 60, TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(), runnable -> {
                Thread thread = new Thread(runnable, "peer-pool");
                thread.setDaemon(true);
                return thread;
            });

    @Override
    public void post(String url, String jsonBody) throws Exception {
        try {
            pool.submit(() -> {
                client.post(url, jsonBody);
                return null;
            }).get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }
}
