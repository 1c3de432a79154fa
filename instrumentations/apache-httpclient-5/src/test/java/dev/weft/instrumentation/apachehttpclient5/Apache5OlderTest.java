package dev.weft.instrumentation.apachehttpclient5;

/** HttpClient 5.4 (httpcore5 5.3). */
class Apache5OlderTest extends Apache5Contract {

    Apache5OlderTest() {
        super("older");
    }
}
