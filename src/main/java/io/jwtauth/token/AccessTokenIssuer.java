package io.jwtauth.token;

import io.jwtauth.common.AuthConfig;
import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.build.Jwt;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Issues RS256 access tokens: iss, aud, sub, upn, groups, iat, exp, jti, sid, ver; header kid and typ. */
@ApplicationScoped
public class AccessTokenIssuer {

    /** The claims of one access token, before signing. */
    public record Subject(UUID userId, String email, Set<String> roles, UUID sessionId, int tokenVersion) {}

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
        Instant now = clock.instant();
        return Jwt.issuer(issuer)
                .audience(audience)
                .subject(subject.userId().toString())
                .upn(subject.email())
                .groups(subject.roles())
                .issuedAt(now.getEpochSecond())
                .expiresAt(now.plus(config.accessToken().lifespan()).getEpochSecond())
                .claim("jti", UUID.randomUUID().toString())
                .claim("sid", subject.sessionId().toString())
                .claim("ver", subject.tokenVersion())
                .jws()
                .algorithm(SignatureAlgorithm.RS256)
                .keyId(keys.signingKid())
                .header("typ", "JWT")
                .sign(keys.signingKey());
    }

    /** Lifetime of an access token in seconds ({@code expires_in}). */
    public long lifespanSeconds() {
        return config.accessToken().lifespan().toSeconds();
    }
}
