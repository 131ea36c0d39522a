package io.jwtauth.oauth;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The answer of introspection (RFC 7662 §2.2): {@code {"active": false}} alone, or an active token's claims —
 * {@code client_id} for a service account's token, {@code username} (the email) for a user's.
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record IntrospectionResponse(
        boolean active,
        String sub,
        @JsonProperty("client_id") String clientId,
        String username,
        List<String> groups,
        String sid,
        String jti,
        Long exp,
        Long iat,
        String iss,

        @Schema(description = "The audience: a string, or an array when there are several")
        Object aud,

        @JsonProperty("token_type") String tokenType) {

    static final IntrospectionResponse INACTIVE =
            new IntrospectionResponse(false, null, null, null, null, null, null, null, null, null, null, null);
}
