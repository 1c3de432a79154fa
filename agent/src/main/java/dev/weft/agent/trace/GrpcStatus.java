package dev.weft.agent.trace;

/** gRPC's status codes by number, as the conventions' {@code rpc.response.status_code} names them. */
final class GrpcStatus {

    private static final String[] NAMES = {"OK", "CANCELLED", "UNKNOWN", "INVALID_ARGUMENT", "DEADLINE_EXCEEDED",
        "NOT_FOUND", "ALREADY_EXISTS", "PERMISSION_DENIED", "RESOURCE_EXHAUSTED", "FAILED_PRECONDITION", "ABORTED",
        "OUT_OF_RANGE", "UNIMPLEMENTED", "INTERNAL", "UNAVAILABLE", "DATA_LOSS", "UNAUTHENTICATED"};

    private GrpcStatus() {
    }

    /** The code's name; a number outside gRPC's list (none the library makes) is {@code UNKNOWN}. */
    static String name(int code) {
        return code >= 0 && code < NAMES.length ? NAMES[code] : "UNKNOWN";
    }

    /** Whether a client's call ended in error: any status but OK. */
    static boolean clientError(int code) {
        return code != 0;
    }

    /**
     * Whether a server's call ended in error. The conventions count only the codes that say the
     * server failed; the rest (NOT_FOUND, INVALID_ARGUMENT, CANCELLED, ...) are the caller's.
     */
    static boolean serverError(int code) {
        switch (name(code)) {
            case "UNKNOWN", "DEADLINE_EXCEEDED", "UNIMPLEMENTED", "INTERNAL", "UNAVAILABLE", "DATA_LOSS":
                return true;
            default:
                return false;
        }
    }
}
