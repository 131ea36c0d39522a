package io.jwtauth.token;

import io.jwtauth.common.AuthConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.Claims;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.jwx.HeaderParameterNames;
import org.jose4j.lang.JoseException;

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
        JwtClaims claims = claims(subject.userId(), subject.roles(), subject.sessionId(), subject.tokenVersion());
        claims.setClaim(Claims.upn.name(), subject.email());
        claims.setClaim("email_verified", subject.emailVerified());
        claims.setStringListClaim("amr", subject.amr());
        return sign(claims);
    }

    public String issue(ClientSubject client) {
        JwtClaims claims = claims(client.clientId(), client.roles(), client.credentialId(), client.tokenVersion());
        claims.setClaim("client_id", client.clientId().toString());
        return sign(claims);
    }

    /** Lifetime of an access token in seconds ({@code expires_in}). */
    public long lifespanSeconds() {
        return config.accessToken().lifespan().toSeconds();
    }

    private JwtClaims claims(UUID subject, Set<String> roles, UUID sessionId, int tokenVersion) {
        Instant now = clock.instant();
        JwtClaims claims = new JwtClaims();
        claims.setIssuer(issuer);
        claims.setAudience(audience);
        claims.setSubject(subject.toString());
        claims.setStringListClaim(Claims.groups.name(), List.copyOf(roles));
        claims.setIssuedAt(NumericDate.fromSeconds(now.getEpochSecond()));
        claims.setExpirationTime(NumericDate.fromSeconds(
                now.plus(config.accessToken().lifespan()).getEpochSecond()));
        claims.setJwtId(UUID.randomUUID().toString());
        claims.setClaim("sid", sessionId.toString());
        claims.setClaim("ver", tokenVersion);
        return claims;
    }

    /**
     * Signed with jose4j, the library under SmallRye JWT's builder, called directly: the builder looks up half a
     * dozen configuration properties on every signature (a sixth of a refresh's work outside the RSA arithmetic in
     * the profile of the bench's (e)), for defaults this service always sets itself.
     */
    private String sign(JwtClaims claims) {
        KeySet current = keys.current(); // kid and key from one set, also while a reload swaps it
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
        jws.setKeyIdHeaderValue(current.signingKid());
        jws.setHeader(HeaderParameterNames.TYPE, "JWT");
        jws.setKey(current.signingKey());
        try {
            return jws.getCompactSerialization();
        } catch (JoseException e) {
            throw new IllegalStateException("Could not sign an access token", e);
        }
    }
}
