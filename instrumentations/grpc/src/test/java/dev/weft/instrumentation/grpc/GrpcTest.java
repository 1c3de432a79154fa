package dev.weft.instrumentation.grpc;

/** The newest grpc-java line, on shaded Netty. */
class GrpcTest extends GrpcContract {

    GrpcTest() {
        super("weft.test.grpc");
    }
}
