package acme.coroutines

import kotlinx.coroutines.delay

/** Suspending functions for measuring: each suspends before it returns or throws. */
class SuspendWork {

    /** Suspends twice, 100 ms each, then returns. */
    suspend fun twice(): String {
        delay(100)
        delay(100)
        return "twice"
    }

    /** Suspends for 100 ms, then throws. */
    suspend fun failing(): String {
        delay(100)
        throw IllegalStateException("failing after a suspension")
    }
}
