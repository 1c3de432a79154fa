package acme.ledger.stock;

import acme.ledger.Reservations;
import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ServerCalls;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;

/** {@code ledger.Stock} on 127.0.0.1, on the port {@code ledger.grpc-port} (0 for any free one). */
@Component
@Profile("stock")
public class StockServer implements SmartLifecycle {

    private final Server server;
    private volatile boolean running;

    public StockServer(StockBook book, @Value("${ledger.grpc-port:0}") int port) {
        ServerServiceDefinition service = ServerServiceDefinition.builder("ledger.Stock")
                .addMethod(Reservations.RESERVE, ServerCalls.asyncUnaryCall((request, answer) -> {
                    String[] parts = request.split(":");
                    answer.onNext(Integer.toString(book.reserve(parts[0], Integer.parseInt(parts[1]))));
                    answer.onCompleted();
                }))
                .build();
        this.server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", port),
                InsecureServerCredentials.create()).addService(service).build();
    }

    @Override
    public void start() {
        try {
            server.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        running = true;
        System.out.println("stock grpc on 127.0.0.1:" + server.getPort());
    }

    @Override
    public void stop() {
        server.shutdownNow();
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
