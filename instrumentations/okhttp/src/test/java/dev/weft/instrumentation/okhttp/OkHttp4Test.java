package dev.weft.instrumentation.okhttp;

/** OkHttp 4 (4.12.0, Kotlin, in {@code okhttp}). */
class OkHttp4Test extends OkHttpContract {

    OkHttp4Test() {
        super("okhttp4");
    }
}
