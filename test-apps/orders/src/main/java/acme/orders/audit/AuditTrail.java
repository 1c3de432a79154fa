package acme.orders.audit;

import java.util.ArrayList;
import java.util.List;

@Audited
public class AuditTrail {
    private final List<String> entries = new ArrayList<>();

    public synchronized void record(String message) {
        entries.add(message);
    }
}
