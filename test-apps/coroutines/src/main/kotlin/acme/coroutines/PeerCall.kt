package acme.coroutines

import java.net.URI
import java.net.http.HttpClient
import java.net.http.HttpRequest
import java.net.http.HttpResponse
import java.time.Duration

/** A blocking GET with the JDK's HttpClient; returns the status. */
object PeerCall {

    private val client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()

    fun get(url: String): Int {
        val request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).GET().build()
        return client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode()
    }
}
