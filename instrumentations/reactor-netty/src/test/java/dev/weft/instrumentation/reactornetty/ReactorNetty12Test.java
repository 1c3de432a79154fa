package dev.weft.instrumentation.reactornetty;

/** Reactor Netty 1.2 (Netty 4.1, Reactor Core 3.7). */
class ReactorNetty12Test extends ReactorNettyContract {

    ReactorNetty12Test() {
        super("weft.test.reactor.netty.1.2");
    }
}
