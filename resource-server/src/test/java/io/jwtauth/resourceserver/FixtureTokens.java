package io.jwtauth.resourceserver;

import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;

/** Access tokens shaped as the auth service issues them (API.md "Tokens"), signed with the fixture's key. */
final class FixtureTokens {

    static final String ISSUER = "https://auth.fixture.test";
    static final String AUDIENCE = "jwt-auth-clients";

    private FixtureTokens() {}

    static String user(String sub, String sid, long ver, String... roles) {
        long now = Instant.now().getEpochSecond();
        return sign(sub, sid, ver, now, now + 900, roles);
    }

    static String sign(String sub, String sid, Long ver, long iat, long exp, String... roles) {
        JwtClaimsBuilder claims = Jwt.issuer(ISSUER)
                .audience(AUDIENCE)
                .subject(sub)
                .upn(sub + "@example.com")
                .groups(Set.of(roles))
                .issuedAt(iat)
                .expiresAt(exp)
                .claim("jti", UUID.randomUUID().toString())
                .claim("sid", sid);
        if (ver != null) {
            claims.claim("ver", ver);
        }
        AuthServiceFixture authService = AuthServiceFixtureResource.authService;
        return claims.jws().keyId(authService.kid).sign(authService.keys.getPrivate());
    }
}
