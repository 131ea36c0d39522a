package io.jwtauth.oauth;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** A service account's access token (RFC 6749 §5.1): no refresh token, the client's secret gets the next one. */
@RegisterForReflection
public record ClientTokenResponse(
        @JsonProperty("access_token") String accessToken,
        @JsonProperty("token_type") String tokenType,
        @JsonProperty("expires_in") long expiresIn) {}
