package dev.weft.agent.trace;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** What a client span and metric say of where a request went. */
class HttpTargetTest {

    @Test
    void userInfoQueryAndFragmentNeverLeaveTheProcess() {
        assertEquals(new HttpTarget("api.example.com", 443, "https://api.example.com/v1/pay"),
                HttpTarget.of("https://alice:s3cret@api.example.com/v1/pay?card=4111#frag"));
        assertEquals(new HttpTarget("127.0.0.1", 8080, "http://127.0.0.1:8080/a%20b"),
                HttpTarget.of("http://127.0.0.1:8080/a%20b?q=1"));
        assertEquals(new HttpTarget("example.com", 80, "http://example.com"), HttpTarget.of("http://example.com"));
    }

    @Test
    void aUrlWeftCannotReadStillHasATarget() {
        assertEquals(HttpTarget.UNKNOWN, HttpTarget.of("not a url"));
        assertEquals(HttpTarget.UNKNOWN, HttpTarget.of(null));
        assertEquals(HttpTarget.UNKNOWN, HttpTarget.of("mailto:a@b"));
    }
}
