package dev.weft.instrumentation.reactornetty;

/** Reactor Netty 1.3 (Netty 4.2, Reactor Core 3.8). */
class ReactorNetty13Test extends ReactorNettyContract {

    ReactorNetty13Test() {
        super("weft.test.reactor.netty.1.3");
    }
}
