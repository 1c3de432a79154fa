package dev.weft.instrumentation.okhttp;

/** OkHttp 5 (5.5.1, whose classes Maven users get from {@code okhttp-jvm}). */
class OkHttp5Test extends OkHttpContract {

    OkHttp5Test() {
        super("okhttp5");
    }
}
