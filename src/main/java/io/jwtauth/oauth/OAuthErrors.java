package io.jwtauth.oauth;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The OAuth endpoints' errors, declared once: status, {@code error} code (RFC 6749 §5.2, RFC 6750 §3.1, RFC 8628's
 * {@code slow_down} for a throttled client) and default description. The OAuth counterpart of the problem catalogue,
 * in the format OAuth client libraries parse: {@code {"error": ..., "error_description": ...}}.
 */
enum OAuthErrors {
    INVALID_REQUEST(400, "invalid_request", "The request is malformed, misses a parameter or repeats one"),
    INVALID_CLIENT(401, "invalid_client", "Client authentication failed"),
    UNSUPPORTED_GRANT_TYPE(400, "unsupported_grant_type", "The only grant type is client_credentials"),
    INVALID_SCOPE(400, "invalid_scope", "This service issues no scopes; send no scope"),
    INVALID_TOKEN(401, "invalid_token", "The bearer token is invalid"),
    UNAUTHORIZED_CLIENT(403, "unauthorized_client", "This client does not hold the role resource-server"),
    INSUFFICIENT_SCOPE(403, "insufficient_scope", "This token does not carry the role resource-server"),
    SLOW_DOWN(429, "slow_down", "Too many attempts; try again later"),
    TEMPORARILY_UNAVAILABLE(503, "temporarily_unavailable", "The service is unavailable; retry shortly"),
    SERVER_ERROR(500, "server_error", "Unexpected error");

    /** The challenge of a failed client authentication (RFC 6749 §5.2: the scheme the client may use). */
    static final String BASIC_CHALLENGE = "Basic realm=\"jwt-auth\"";

    private final int status;
    private final String error;
    private final String description;

    OAuthErrors(int status, String error, String description) {
        this.status = status;
        this.error = error;
        this.description = description;
    }

    int status() {
        return status;
    }

    String error() {
        return error;
    }

    String description() {
        return description;
    }

    OAuthException exception() {
        return exception(description);
    }

    OAuthException exception(String description) {
        return exception(description, Map.of());
    }

    /** With response headers (Retry-After); a failed authentication always carries its challenge. */
    OAuthException exception(String description, Map<String, String> headers) {
        Map<String, String> all = new LinkedHashMap<>(headers);
        String challenge = challenge(description);
        if (challenge != null) {
            all.put("WWW-Authenticate", challenge);
        }
        return new OAuthException(this, description, all);
    }

    private String challenge(String description) {
        return switch (this) {
            case INVALID_CLIENT -> BASIC_CHALLENGE;
            case INVALID_TOKEN, INSUFFICIENT_SCOPE ->
                "Bearer realm=\"jwt-auth\", error=\"" + error + "\", error_description=\"" + description + "\"";
            default -> null;
        };
    }
}
