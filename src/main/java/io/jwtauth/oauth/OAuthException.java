package io.jwtauth.oauth;

import java.util.Map;

/** This OAuth request is refused: an entry of {@link OAuthErrors}, a description, headers. */
class OAuthException extends RuntimeException {

    private final OAuthErrors error;
    private final Map<String, String> headers;

    OAuthException(OAuthErrors error, String description, Map<String, String> headers) {
        super(description, null, false, false);
        this.error = error;
        this.headers = Map.copyOf(headers);
    }

    OAuthErrors error() {
        return error;
    }

    Map<String, String> headers() {
        return headers;
    }
}
