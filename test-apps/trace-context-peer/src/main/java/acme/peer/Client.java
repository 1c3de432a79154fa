package acme.peer;

/** One HTTP client library, as the peer uses it to call back: a POST of a JSON body. */
interface Client {

    /**
     * POSTs {@code jsonBody} to {@code url} with {@code Content-Type: application/json} and reads the
     * whole response, so the request is over when this returns.
     *
     * @throws Exception when the request fails or the answer is not a 2xx
     */
    void post(String url, String jsonBody) throws Exception;
}
