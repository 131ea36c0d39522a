package io.jwtauth.token;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.jwtauth.common.AuthConfig;
import io.jwtauth.common.ClockTicker;
import io.jwtauth.common.Sha256;
import io.jwtauth.token.TokenRejection.Reason;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import jakarta.annotation.Priority;
import jakarta.decorator.Decorator;
import jakarta.decorator.Delegate;
import jakarta.inject.Inject;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jose4j.json.JsonUtil;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.lang.JoseException;

/**
 * Where a bearer token's signature is verified — once per token and key set. The header's {@code kid} picks the
 * verification key from the current {@link KeySet} (no key under that kid: refused without an RSA operation), and
 * SmallRye JWT's parser checks the RS256 signature under that key, issuer, audience, expiry and required claims
 * (its own key, read once from the configured location at start-up, is never used: keys change on reload). The
 * verdict is remembered by the token's SHA-256. A token presented again — what a client does with its access token
 * until it expires — is not parsed or verified again: a verified one is only re-checked for expiry; one refused for a
 * reason that cannot change is refused again for the same reason. A stream of distinct forgeries costs one RSA
 * verification each, as does the first presentation of a genuine token.
 *
 * <p>Remembering is safe because the verdict depends only on the exact token text (a changed byte is another
 * SHA-256) and on the key set it was made under: a verdict holds only while that set is the current one, so after a
 * reload every token is verified again once — a token whose kid left the set is refused from then on, and one
 * refused for an unknown kid is accepted once its key is published. Revocation is not decided here:
 * {@link AccessTokenChecks} runs on every request, remembered token or not. Verdicts are kept for at most a
 * minute, at most {@code auth.access-token.verdict-cache-size} of them.
 *
 * <p>A refusal is thrown as the unchecked failure of {@link TokenRejection}, which SmallRye's validator passes
 * through unchanged, so the 401 names the reason.
 */
@Decorator
@Priority(1)
abstract class TokenVerdicts implements JWTParser {

    private static final Duration REMEMBER_FOR = Duration.ofMinutes(1);

    /** The verified token, or why it was refused, under one key set. */
    private record Verdict(KeySet keys, JsonWebToken token, Reason refusal) {}

    private final JWTParser delegate;
    private final KeyRing keys;
    private final Clock clock;
    private final long skewSeconds;
    private final Cache<ByteBuffer, Verdict> verdicts;

    @Inject
    TokenVerdicts(@Delegate JWTParser delegate, KeyRing keys, Clock clock, AuthConfig config) {
        this.delegate = delegate;
        this.keys = keys;
        this.clock = clock;
        this.skewSeconds = config.clockSkew();
        this.verdicts = Caffeine.newBuilder()
                .ticker(ClockTicker.of(clock))
                .maximumSize(config.accessToken().verdictCacheSize())
                .expireAfterWrite(REMEMBER_FOR)
                .build();
    }

    @Override
    public JsonWebToken parse(String token) {
        ByteBuffer key = ByteBuffer.wrap(Sha256.of(token));
        KeySet current = keys.current();
        Verdict verdict = verdicts.getIfPresent(key);
        if (verdict == null || verdict.keys() != current) {
            verdict = verify(token, current);
            if (verdict.refusal() == null || verdict.refusal().isPermanent()) {
                verdicts.put(key, verdict);
            }
        }
        if (verdict.refusal() != null) {
            throw TokenRejection.rejected(verdict.refusal());
        }
        // the same rule as jose4j's: expired once now >= exp + skew
        if (clock.instant().getEpochSecond() >= verdict.token().getExpirationTime() + skewSeconds) {
            throw TokenRejection.rejected(Reason.EXPIRED);
        }
        return verdict.token();
    }

    private Verdict verify(String token, KeySet keys) {
        Header header = header(token);
        if (header == null) {
            return new Verdict(keys, null, Reason.MALFORMED);
        }
        RSAPublicKey key = keys.verificationKey(header.kid());
        if (key == null) {
            return new Verdict(keys, null, Reason.SIGNATURE);
        }
        try {
            delegate.verify(token, key);
        } catch (ParseException e) {
            return new Verdict(keys, null, TokenRejection.reasonOf(e));
        }
        try {
            return new Verdict(keys, VerifiedToken.of(token), null);
        } catch (InvalidJwtException | RuntimeException e) { // verified, so only a payload SmallRye read differently
            return new Verdict(keys, null, Reason.MALFORMED);
        }
    }

    /** What is read of the JWS header before verifying: its {@code kid} (null when it has none). */
    private record Header(String kid) {}

    /** The header, or null when it is no JSON object (SmallRye JWT does not expose headers). */
    private static Header header(String token) {
        try {
            int dot = token.indexOf('.');
            String json = new String(Base64.getUrlDecoder().decode(token.substring(0, dot)), StandardCharsets.UTF_8);
            return new Header(JsonUtil.parseJson(json).get("kid") instanceof String kid ? kid : null);
        } catch (JoseException | RuntimeException e) {
            return null;
        }
    }
}
