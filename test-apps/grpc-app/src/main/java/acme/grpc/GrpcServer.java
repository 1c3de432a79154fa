package acme.grpc;

import io.grpc.Grpc;
import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.stub.ServerCalls;

/** The server: {@code java -jar grpc-app.jar [port]}; prints the port it listens on. */
public final class GrpcServer {

    private GrpcServer() {
    }

    public static void main(String[] args) throws Exception {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 0;
        ServerServiceDefinition echo = ServerServiceDefinition.builder(Echo.SERVICE)
                .addMethod(Echo.SAY, ServerCalls.asyncUnaryCall((request, answer) -> {
                    answer.onNext("said " + request);
                    answer.onCompleted();
                }))
                .addMethod(Echo.COUNT, ServerCalls.asyncServerStreamingCall((request, answer) -> {
                    for (int i = 1; i <= Integer.parseInt(request); i++) {
                        answer.onNext(Integer.toString(i));
                    }
                    answer.onCompleted();
                }))
                .addMethod(Echo.FIND, ServerCalls.asyncUnaryCall((request, answer) ->
                        answer.onError(Status.NOT_FOUND.withDescription("no " + request).asRuntimeException())))
                .build();
        Server server = Grpc.newServerBuilderForPort(port, InsecureServerCredentials.create())
                .addService(echo).build().start();
        System.out.println("grpc-server listening on http://127.0.0.1:" + server.getPort()
                + " (Java " + Runtime.version().feature() + ")");
        server.awaitTermination();
    }
}
