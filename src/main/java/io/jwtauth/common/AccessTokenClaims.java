package io.jwtauth.common;

import jakarta.json.JsonNumber;
import jakarta.json.JsonString;
import java.math.BigDecimal;
import java.util.UUID;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** What the service itself reads from a verified access token: sub, sid, ver, iat. */
public record AccessTokenClaims(UUID userId, UUID sessionId, int tokenVersion, long issuedAt) {

    /** Reads the claims; throws IllegalArgumentException (or another RuntimeException) if one is malformed. */
    public static AccessTokenClaims of(JsonWebToken jwt) {
        return new AccessTokenClaims(
                UUID.fromString(jwt.getSubject()),
                UUID.fromString(text(jwt.getClaim("sid"))),
                number(jwt.getClaim("ver")).intValueExact(),
                jwt.getIssuedAtTime());
    }

    private static String text(Object claim) {
        if (claim instanceof JsonString s) {
            return s.getString();
        }
        if (claim instanceof String s) {
            return s;
        }
        throw new IllegalArgumentException("sid is not a string");
    }

    private static BigDecimal number(Object claim) {
        if (claim instanceof JsonNumber n) {
            return n.bigDecimalValue();
        }
        if (claim instanceof Number n) {
            return new BigDecimal(n.toString());
        }
        throw new IllegalArgumentException("ver is not a number");
    }
}
