package acme.coroutines

import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.SupervisorJob
import kotlinx.coroutines.channels.Channel
import kotlinx.coroutines.launch

/**
 * One coroutine, started with the service, that makes the peer calls requests queue for it: work
 * of the service's own, not of whichever request happened to hand it a URL.
 */
class PeerQueue {

    private class Call(val url: String, val status: CompletableDeferred<Int>)

    private val calls = Channel<Call>(Channel.UNLIMITED)

    init {
        CoroutineScope(SupervisorJob() + Dispatchers.Default).launch {
            for (call in calls) {
                call.status.complete(PeerCall.get(call.url))
            }
        }
    }

    suspend fun call(peer: String): String {
        val status = CompletableDeferred<Int>()
        calls.send(Call("$peer/queued", status))
        return "queued ${status.await()}"
    }
}
