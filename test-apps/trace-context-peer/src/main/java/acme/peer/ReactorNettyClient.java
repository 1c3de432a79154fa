package acme.peer;

import reactor.core.publisher.Mono;
import reactor.netty.ByteBufFlux;
import reactor.netty.http.client.HttpClient;

import java.io.IOException;
import java.time.Duration;

/**
 * {@code reactor-netty}: Reactor Netty's {@link HttpClient} (what Spring WebClient runs on), one for
 * the process; the call blocks on the handler's thread until the whole answer is read.
 */
final class ReactorNettyClient implements Client {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final HttpClient client = HttpClient.create().responseTimeout(TIMEOUT);

    @Override
    public void post(String url, String jsonBody) throws IOException {
        Integer status = client.headers(headers -> headers.set("Content-Type", "application/json"))
                .post().uri(url)
                .send(ByteBufFlux.fromString(Mono.just(jsonBody)))
                .responseSingle((response, body) -> body.asString().defaultIfEmpty("")
                        .map(text -> response.status().code()))
                .block(TIMEOUT.plusSeconds(1));
        if (status == null || status / 100 != 2) {
            throw new IOException("POST " + url + " answered " + status);
        }
    }
}
