package acme.ledger.worker;

import acme.ledger.Reservations;
import io.grpc.CallOptions;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.stub.ClientCalls;
import jakarta.annotation.PreDestroy;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

import java.util.concurrent.TimeUnit;

/** The stock service, over one gRPC channel. */
@Component
@Profile("worker")
public class StockClient {

    private final ManagedChannel channel;

    public StockClient(@Value("${ledger.stock}") String target) {
        this.channel = Grpc.newChannelBuilder(target, InsecureChannelCredentials.create()).build();
    }

    /** Reserves {@code qty} of {@code item}; answers what is left. */
    String reserve(String item, int qty) {
        return ClientCalls.blockingUnaryCall(channel, Reservations.RESERVE,
                CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS), item + ":" + qty);
    }

    @PreDestroy
    void close() {
        channel.shutdownNow();
    }
}
