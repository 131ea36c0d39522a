package io.jwtauth.common;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;
import jakarta.json.JsonArray;
import jakarta.json.JsonString;
import java.time.Instant;
import java.util.Collection;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Who is calling, as the verified access token says: the one way resources read the caller (the token's claims are
 * parsed once per request, by {@link AccessTokenClaims#of}, the same parse the verify-time checks use).
 */
@RequestScoped
public class Caller {

    private final SecurityIdentity identity;
    private AccessTokenClaims claims;

    Caller(SecurityIdentity identity) {
        this.identity = identity;
    }

    /** The claims of the caller's verified token; only on endpoints that require one. */
    public AccessTokenClaims claims() {
        if (claims == null) {
            claims = AccessTokenClaims.of((JsonWebToken) identity.getPrincipal());
        }
        return claims;
    }

    public UUID userId() {
        return claims().userId();
    }

    public UUID sessionId() {
        return claims().sessionId();
    }

    /** When the caller's token expires (a stream it opened ends then). */
    public Instant expiresAt() {
        return Instant.ofEpochSecond(((JsonWebToken) identity.getPrincipal()).getExpirationTime());
    }

    /** Whether the caller's token says its session was authenticated with this method ({@code amr}, RFC 8176). */
    public boolean authenticatedWith(String method) {
        Object amr = ((JsonWebToken) identity.getPrincipal()).getClaim("amr");
        if (amr instanceof JsonArray array) {
            return array.stream()
                    .anyMatch(v -> v instanceof JsonString s && s.getString().equals(method));
        }
        return amr instanceof Collection<?> methods && methods.contains(method);
    }

    /** The claims if a valid bearer token came along (endpoints open to anyone); an invalid one does not count. */
    public Optional<AccessTokenClaims> ifAuthenticated() {
        try {
            return identity.isAnonymous() ? Optional.empty() : Optional.of(claims());
        } catch (AuthenticationFailedException e) {
            return Optional.empty();
        }
    }
}
