package dev.weft.instrumentation.grpc;

/** An older grpc-java line (1.60), on shaded Netty: the same internals are hooked. */
class GrpcOldLineTest extends GrpcContract {

    GrpcOldLineTest() {
        super("weft.test.grpc.old");
    }
}
