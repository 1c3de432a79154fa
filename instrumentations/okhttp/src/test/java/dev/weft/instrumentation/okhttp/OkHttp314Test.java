package dev.weft.instrumentation.okhttp;

/** OkHttp 3.14.9, the last of OkHttp 3: its {@code Exchange} matches, its call does not. */
class OkHttp314Test extends OkHttp3Contract {

    OkHttp314Test() {
        super("okhttp314");
    }
}
