package io.jwtauth.support;

import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.time.Instant;
import java.util.Base64;
import java.util.Set;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Signs arbitrary access tokens for the attack tests: with the service's key, a foreign key, or none at all. */
public final class TestTokens {

    public static final String ISSUER = "https://auth.example.com";
    public static final String AUDIENCE = "jwt-auth-clients";
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getUrlDecoder();

    private TestTokens() {}

    /** The claims of a well-formed access token for the given user and session. */
    public static JwtClaimsBuilder claims(String userId, String sessionId, int version) {
        long now = Instant.now().getEpochSecond();
        return Jwt.issuer(ISSUER)
                .audience(AUDIENCE)
                .subject(userId)
                .upn("someone@example.com")
                .groups(Set.of("user"))
                .issuedAt(now)
                .expiresAt(now + 300)
                .claim("jti", UUID.randomUUID().toString())
                .claim("sid", sessionId)
                .claim("ver", version);
    }

    public static String sign(JwtClaimsBuilder claims, PrivateKey key, String kid) {
        return claims.jws()
                .algorithm(SignatureAlgorithm.RS256)
                .keyId(kid)
                .header("typ", "JWT")
                .sign(key);
    }

    public static KeyPair foreignKeyPair() {
        return foreignKeyPair(2048);
    }

    public static KeyPair foreignKeyPair(int bits) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(bits);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The same header and payload with {@code "alg": "none"} and an empty signature. */
    public static String algNone(String token) {
        String[] parts = token.split("\\.");
        String header = B64.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        return header + "." + parts[1] + ".";
    }

    /** The classic key-confusion forgery: HS256, keyed with the bytes of the RSA public key. */
    public static String hs256WithKey(String token, byte[] hmacKey, String kid) {
        try {
            String[] parts = token.split("\\.");
            String header = B64.encodeToString(
                    ("{\"alg\":\"HS256\",\"typ\":\"JWT\",\"kid\":\"" + kid + "\"}").getBytes(StandardCharsets.UTF_8));
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(hmacKey, "HmacSHA256"));
            String signingInput = header + "." + parts[1];
            return signingInput + "."
                    + B64.encodeToString(mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The same signature over a payload with one claim changed by plain text substitution. */
    public static String tamper(String token, String from, String to) {
        String[] parts = token.split("\\.");
        String payload = new String(B64D.decode(parts[1]), StandardCharsets.UTF_8);
        if (!payload.contains(from)) {
            throw new IllegalArgumentException("payload does not contain " + from);
        }
        return parts[0] + "." + B64.encodeToString(payload.replace(from, to).getBytes(StandardCharsets.UTF_8)) + "."
                + parts[2];
    }

    /** The decoded payload JSON of a token. */
    public static String payload(String token) {
        return new String(B64D.decode(token.split("\\.")[1]), StandardCharsets.UTF_8);
    }

    /** One claim of a token's payload, as a string. */
    public static String claim(String token, String name) {
        return io.restassured.path.json.JsonPath.from(payload(token)).getString(name);
    }

    /** The decoded header JSON of a token. */
    public static String header(String token) {
        return new String(B64D.decode(token.split("\\.")[0]), StandardCharsets.UTF_8);
    }
}
