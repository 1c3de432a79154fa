package acme.shop;

import testlib.http.FakeHttpClient;

/** Application code that calls out through the fake library. */
public final class CheckoutJob {

    public static void run(FakeHttpClient client, String target, boolean inTrace) {
        client.send(target, inTrace);
    }

    public static void audit(FakeHttpClient client, String database) {
        client.query(database);
    }
}
