package acme.grpc;

import io.grpc.CallOptions;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;

import java.util.ArrayList;
import java.util.List;

/**
 * The client: {@code java -cp grpc-app.jar acme.grpc.GrpcClient <port> <says>} makes {@code says}
 * unary calls, one server-streaming call and one call the server answers NOT_FOUND, prints what it
 * got and {@code grpc-client done}, then stays up (for its metrics) until it is stopped. Given a
 * third argument, a file, it first waits until that file exists: a test starts the calls once the
 * agent says it is up, since an agent's built-ins come up beside the program's own start.
 */
public final class GrpcClient {

    private GrpcClient() {
    }

    public static void main(String[] args) throws Exception {
        ManagedChannel channel = Grpc.newChannelBuilder("127.0.0.1:" + args[0], InsecureChannelCredentials.create()).build();
        int says = Integer.parseInt(args[1]);
        if (args.length > 2) {
            java.nio.file.Path go = java.nio.file.Path.of(args[2]);
            for (int waited = 0; !java.nio.file.Files.exists(go) && waited < 30_000; waited += 20) {
                Thread.sleep(20);
            }
        }
        for (int i = 0; i < says; i++) {
            System.out.println(ClientCalls.blockingUnaryCall(channel, Echo.SAY, CallOptions.DEFAULT, "hello " + i));
        }
        List<String> counted = new ArrayList<>();
        ClientCalls.blockingServerStreamingCall(channel, Echo.COUNT, CallOptions.DEFAULT, "3").forEachRemaining(counted::add);
        System.out.println("counted " + counted);
        try {
            ClientCalls.blockingUnaryCall(channel, Echo.FIND, CallOptions.DEFAULT, "nothing");
        } catch (StatusRuntimeException e) {
            System.out.println("find: " + e.getStatus().getCode());
        }
        System.out.println("grpc-client done");
        Thread.sleep(Long.MAX_VALUE);
    }
}
