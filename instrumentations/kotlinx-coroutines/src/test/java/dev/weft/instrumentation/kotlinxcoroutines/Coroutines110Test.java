package dev.weft.instrumentation.kotlinxcoroutines;

/** kotlinx-coroutines 1.10, on Kotlin 2.1. */
class Coroutines110Test extends CoroutinesContract {

    Coroutines110Test() {
        super("1.10.2");
    }
}
