package io.jwtauth.oauth;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.quarkus.runtime.annotations.RegisterForReflection;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The body of an OAuth error (RFC 6749 §5.2). */
@RegisterForReflection
@Schema(name = "OAuthError", requiredProperties = "error")
public record OAuthError(
        @Schema(description = "The OAuth error code", example = "invalid_client")
        String error,

        @Schema(description = "For humans; never a secret") @JsonProperty("error_description")
        String errorDescription) {}
