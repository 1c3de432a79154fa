package acme.coroutines

import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.async
import kotlinx.coroutines.awaitAll
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.delay
import kotlinx.coroutines.withContext

/**
 * Calls a peer from coroutines that switch dispatchers and suspend first, so each call goes out
 * on another thread than the request's. Returns one line per step: what it was, and its thread.
 */
class Fetcher {

    suspend fun fetch(peer: String): List<String> = coroutineScope {
        val steps = mutableListOf("handler ${thread()}")
        steps += withContext(Dispatchers.IO) {
            delay(10)
            "io ${thread()}"
        }
        steps += withContext(Dispatchers.Default) {
            delay(20) // resumed on a worker of Dispatchers.Default
            "default ${thread()} ${PeerCall.get("$peer/from-default")}"
        }
        steps += withContext(Dispatchers.Unconfined) {
            delay(20) // resumed on the thread the delay ended on: kotlinx's own timer thread
            "unconfined ${thread()} ${PeerCall.get("$peer/from-unconfined")}"
        }
        steps += (1..2).map { i ->
            async(Dispatchers.IO) {
                delay(5)
                "async ${thread()} ${PeerCall.get("$peer/from-async-$i")}"
            }
        }.awaitAll()
        steps
    }

    private fun thread(): String = Thread.currentThread().name.replace(' ', '_')
}
