package io.jwtauth.resourceserver;

/**
 * The auth service answered the feed with something other than success: the HTTP status (0 when the answer could not
 * be read) and a message fit for a log line (never a secret or token).
 */
final class FeedException extends Exception {

    private final int status;

    FeedException(int status, String message) {
        super(message);
        this.status = status;
    }

    int status() {
        return status;
    }
}
