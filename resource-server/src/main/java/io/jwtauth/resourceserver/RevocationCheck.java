package io.jwtauth.resourceserver;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Refuses a bearer token whose signature verified but which the auth service revoked: the one place the library
 * adds to MicroProfile JWT. It runs after the token is verified and before roles are checked, reads only memory
 * ({@link RevocationFeed#refusal}), and answers a refusal as any invalid token: 401. Roles ({@code @RolesAllowed})
 * work as before on the tokens it lets through.
 */
@ApplicationScoped
class RevocationCheck implements SecurityIdentityAugmentor {

    private final RevocationFeed feed;
    private final FeedMetrics metrics;
    private final boolean enabled;

    RevocationCheck(RevocationFeed feed, FeedMetrics metrics, ResourceServerConfig config) {
        this.feed = feed;
        this.metrics = metrics;
        this.enabled = config.enabled();
    }

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        if (!enabled || identity.isAnonymous() || !(identity.getPrincipal() instanceof JsonWebToken token)) {
            return Uni.createFrom().item(identity);
        }
        Refusal refusal = feed.refusal(facts(token));
        if (refusal == null) {
            return Uni.createFrom().item(identity);
        }
        metrics.refused(refusal);
        return Uni.createFrom().failure(new AuthenticationFailedException("token refused: " + refusal.tag()));
    }

    static TokenFacts facts(JsonWebToken token) {
        return new TokenFacts(
                token.getSubject(),
                text(token.getClaim("sid")),
                number(token.getClaim("ver")),
                token.getIssuedAtTime(),
                token.getExpirationTime(),
                () -> keyId(token.getRawToken()));
    }

    private static String text(Object claim) {
        if (claim instanceof JsonString string) {
            return string.getString();
        }
        return claim instanceof String string ? string : null;
    }

    /** {@code ver} is a JSON integer; anything else counts as absent. */
    private static Long number(Object claim) {
        if (claim instanceof jakarta.json.JsonNumber number) {
            return number.isIntegral() ? number.longValue() : null;
        }
        if (claim instanceof Long || claim instanceof Integer) {
            return ((Number) claim).longValue();
        }
        return null;
    }

    /** The {@code kid} of the token's header (read only when some key was retired). */
    static String keyId(String rawToken) {
        int dot = rawToken == null ? -1 : rawToken.indexOf('.');
        if (dot <= 0) {
            return null;
        }
        try (JsonReader reader = Json.createReader(new StringReader(
                new String(Base64.getUrlDecoder().decode(rawToken.substring(0, dot)), StandardCharsets.UTF_8)))) {
            JsonObject header = reader.readObject();
            return header.get("kid") instanceof JsonString kid ? kid.getString() : null;
        } catch (IllegalArgumentException | JsonException | IllegalStateException e) {
            return null;
        }
    }
}
