package dev.weft.instrumentation.apachehttpclient5;

/** HttpClient 5.6 (httpcore5 5.4). */
class Apache5CurrentTest extends Apache5Contract {

    Apache5CurrentTest() {
        super("current");
    }
}
