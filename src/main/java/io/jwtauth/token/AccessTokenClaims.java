package io.jwtauth.token;

import jakarta.json.JsonNumber;
import jakarta.json.JsonString;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.UUID;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jose4j.json.JsonUtil;
import org.jose4j.lang.JoseException;

/** What the service itself reads from a verified access token: sub, sid, ver, iat and the header's kid. */
public record AccessTokenClaims(UUID userId, UUID sessionId, int tokenVersion, long issuedAt, String kid) {

    /** Reads the claims; throws IllegalArgumentException (or another RuntimeException) if one is malformed. */
    public static AccessTokenClaims of(JsonWebToken jwt) {
        return new AccessTokenClaims(UUID.fromString(jwt.getSubject()), UUID.fromString(text(jwt.getClaim("sid"))),
                number(jwt.getClaim("ver")).intValueExact(), jwt.getIssuedAtTime(), kid(jwt.getRawToken()));
    }

    private static String kid(String rawToken) {
        int dot = rawToken.indexOf('.');
        String header = new String(Base64.getUrlDecoder().decode(rawToken.substring(0, dot)), StandardCharsets.UTF_8);
        try {
            Object kid = JsonUtil.parseJson(header).get("kid");
            return kid instanceof String s ? s : null;
        } catch (JoseException e) {
            throw new IllegalArgumentException("unreadable header", e);
        }
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
