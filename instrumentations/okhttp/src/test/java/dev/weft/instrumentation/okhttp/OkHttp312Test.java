package dev.weft.instrumentation.okhttp;

/** OkHttp 3.12.13, the long-lived 3.12 line: no {@code Exchange} yet, only its own call matches. */
class OkHttp312Test extends OkHttp3Contract {

    OkHttp312Test() {
        super("okhttp312");
    }
}
