package acme.orders.usage;

/** The marketing campaign behind a use, resolved lazily: until it is, it has no text to give. */
public final class Campaign {

    private final String code;

    public Campaign(String code) {
        this.code = code;
    }

    @Override
    public String toString() {
        if (code.isEmpty()) {
            throw new IllegalStateException("campaign not resolved yet");
        }
        return code;
    }
}
