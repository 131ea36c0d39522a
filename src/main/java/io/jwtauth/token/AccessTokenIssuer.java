package io.jwtauth.token;

import io.jwtauth.common.AuthConfig;
import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Issues RS256 access tokens: iss, aud, sub, groups, iat, exp, jti, sid, ver, header kid and typ; and upn,
 * email_verified and amr for a user, client_id for a service account.
 */
@ApplicationScoped
public class AccessTokenIssuer {

    /**
     * The claims of one access token, before signing; {@code amr} is how its session was authenticated (RFC 8176), the
     * session's own, so a refresh keeps it.
     */
    public record Subject(
            UUID userId,
            String email,
            boolean emailVerified,
            Set<String> roles,
            UUID sessionId,
            int tokenVersion,
            List<String> amr) {}

    /**
     * A service account's token: {@code sub} and {@code client_id} are the client id, {@code sid} the credential it
     * was issued with (so the same verify-time checks as a user's decide whether it lives), no {@code upn}.
     */
    public record ClientSubject(UUID clientId, Set<String> roles, UUID credentialId, int tokenVersion) {}

    private final KeyRing keys;
    private final AuthConfig config;
    private final Clock clock;
    private final String issuer;
    private final String audience;

    AccessTokenIssuer(
            KeyRing keys,
            AuthConfig config,
            Clock clock,
            @ConfigProperty(name = "mp.jwt.verify.issuer") String issuer,
            @ConfigProperty(name = "mp.jwt.verify.audiences") String audience) {
        this.keys = keys;
        this.config = config;
        this.clock = clock;
        this.issuer = issuer;
        this.audience = audience;
    }

    public String issue(Subject subject) {
        return sign(claims(subject.userId(), subject.roles(), subject.sessionId(), subject.tokenVersion())
                .upn(subject.email())
                .claim("email_verified", subject.emailVerified())
                .claim("amr", subject.amr()));
    }

    public String issue(ClientSubject client) {
        return sign(claims(client.clientId(), client.roles(), client.credentialId(), client.tokenVersion())
                .claim("client_id", client.clientId().toString()));
    }

    /** Lifetime of an access token in seconds ({@code expires_in}). */
    public long lifespanSeconds() {
        return config.accessToken().lifespan().toSeconds();
    }

    private JwtClaimsBuilder claims(UUID subject, Set<String> roles, UUID sessionId, int tokenVersion) {
        Instant now = clock.instant();
        return Jwt.issuer(issuer)
                .audience(audience)
                .subject(subject.toString())
                .groups(roles)
                .issuedAt(now.getEpochSecond())
                .expiresAt(now.plus(config.accessToken().lifespan()).getEpochSecond())
                .claim("jti", UUID.randomUUID().toString())
                .claim("sid", sessionId.toString())
                .claim("ver", tokenVersion);
    }

    private String sign(JwtClaimsBuilder claims) {
        KeySet current = keys.current(); // kid and key from one set, also while a reload swaps it
        return claims.jws()
                .algorithm(SignatureAlgorithm.RS256)
                .keyId(current.signingKid())
                .header("typ", "JWT")
                .sign(current.signingKey());
    }
}
