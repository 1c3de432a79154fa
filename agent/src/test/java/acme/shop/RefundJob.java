package acme.shop;

import testlib.http.FakeHttpClient;

/** A second caller of the same exit. */
public final class RefundJob {

    public static void run(FakeHttpClient client, String target) {
        client.send(target, false);
    }
}
