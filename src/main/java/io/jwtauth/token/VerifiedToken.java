package io.jwtauth.token;

import io.smallrye.jwt.auth.principal.DefaultJWTCallerPrincipal;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.eclipse.microprofile.jwt.Claims;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.InvalidJwtException;

/**
 * A token SmallRye JWT has verified, as the principal every request reads its claims from. SmallRye's own principal
 * looks up a claim's name with {@code Claims.valueOf}, which throws for every claim the MicroProfile list does not name
 * ({@code ver}, {@code client_id}): an exception with a filled-in stack trace per claim read, per request — in a profile
 * of GET /users/me, the stack traces were about half of all the memory the service allocated. This one looks names
 * up in a map. The claims are those of the verified token's own payload, read once per token (verdicts are remembered).
 */
final class VerifiedToken extends DefaultJWTCallerPrincipal {

    private static final Map<String, Claims> STANDARD =
            Arrays.stream(Claims.values()).collect(Collectors.toUnmodifiableMap(Claims::name, Function.identity()));

    private VerifiedToken(String rawToken, JwtClaims claims) {
        super(rawToken, "JWT", claims);
    }

    /** The principal of {@code rawToken}, whose signature and claims have been verified. */
    static VerifiedToken of(String rawToken) throws InvalidJwtException {
        int first = rawToken.indexOf('.');
        int second = rawToken.indexOf('.', first + 1);
        String payload = new String(
                Base64.getUrlDecoder().decode(rawToken.substring(first + 1, second)), StandardCharsets.UTF_8);
        return new VerifiedToken(rawToken, JwtClaims.parse(payload));
    }

    @Override
    protected Claims getClaimType(String claimName) {
        return STANDARD.getOrDefault(claimName, Claims.UNKNOWN);
    }
}
