package dev.weft.instrumentation.kotlinxcoroutines;

/** kotlinx-coroutines 1.6, on Kotlin 1.6: the oldest line the advice is compiled against. */
class Coroutines16Test extends CoroutinesContract {

    Coroutines16Test() {
        super("1.6.4");
    }
}
