package acme.coroutines

import com.sun.net.httpserver.HttpExchange
import com.sun.net.httpserver.HttpServer
import kotlinx.coroutines.runBlocking
import java.net.InetSocketAddress
import java.net.URLDecoder
import java.nio.charset.StandardCharsets
import java.util.concurrent.Executors

/**
 * A small Kotlin service on the JDK HTTP server whose requests run coroutines. Usage:
 * `java -jar coroutines.jar [port]` (port 0 picks a free one). Prints
 * `coroutines listening on http://127.0.0.1:PORT (Java N)` when ready.
 *
 * - `/fetch?peer=URL`: calls the peer from coroutines on other dispatchers, after suspensions
 * - `/queue?peer=URL`: has a coroutine the service started at its start call the peer
 * - `/suspend/twice`, `/suspend/fail`: [SuspendWork]
 */
fun main(args: Array<String>) {
    val port = args.firstOrNull()?.toInt() ?: 8080
    val server = HttpServer.create(InetSocketAddress("127.0.0.1", port), 64)
    val app = CoroutinesApp()
    server.createContext("/") { exchange -> app.handle(exchange) }
    server.executor = Executors.newFixedThreadPool(4)
    server.start()
    println("coroutines listening on http://127.0.0.1:${server.address.port} (Java ${Runtime.version().feature()})")
}

class CoroutinesApp {

    private val fetcher = Fetcher()
    private val queue = PeerQueue()
    private val work = SuspendWork()

    fun handle(exchange: HttpExchange) {
        val query = query(exchange.requestURI.rawQuery)
        var status = 200
        val body = try {
            // The handler's thread blocks while the request's coroutines run, as a service
            // bridging a blocking server to suspending code does.
            runBlocking { route(exchange.requestURI.path, query) }
        } catch (e: IllegalStateException) {
            status = 500
            "failed: ${e.message}"
        } catch (e: IllegalArgumentException) {
            status = 400
            "bad request: ${e.message}"
        }
        val bytes = (body + "\n").toByteArray(StandardCharsets.UTF_8)
        exchange.sendResponseHeaders(status, bytes.size.toLong())
        exchange.responseBody.use { it.write(bytes) }
    }

    private suspend fun route(path: String, query: Map<String, String>): String = when (path) {
        "/fetch" -> fetcher.fetch(peer(query)).joinToString("\n")
        "/queue" -> queue.call(peer(query))
        "/suspend/twice" -> work.twice()
        "/suspend/fail" -> work.failing()
        "/ping" -> "pong"
        else -> throw IllegalArgumentException("no route $path")
    }

    private fun peer(query: Map<String, String>): String =
        query["peer"] ?: throw IllegalArgumentException("peer missing")

    private fun query(raw: String?): Map<String, String> =
        raw.orEmpty().split('&').filter { it.contains('=') }.associate {
            val (name, value) = it.split('=', limit = 2)
            name to URLDecoder.decode(value, StandardCharsets.UTF_8)
        }
}
