package io.jwtauth.token;

import io.jwtauth.common.Sha256;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.lang.JoseException;

/**
 * One immutable set of token keys: the signing key with its {@code kid}, the verification keys by {@code kid}, and
 * the JWK Set document that publishes them with its entity tag. Everything that depends on the keys reads one
 * instance, so a reload swaps all of it in one step. {@link #of} is the one rule a set must pass — at start-up, on
 * every reload and in the key tool: readable, RSA of at least 2048 bits, the signing key among the verification keys.
 */
public final class KeySet {

    static final int MIN_RSA_BITS = 2048;
    static final String SIGN_LOCATION = "smallrye.jwt.sign.key.location";
    static final String VERIFY_LOCATION = "mp.jwt.verify.publickey.location";

    private final PrivateKey signingKey;
    private final String signingKid;
    private final Map<String, RSAPublicKey> verificationKeys;
    private final String jwksJson;
    private final String jwksTag;

    private KeySet(PrivateKey signingKey, String signingKid, Map<String, RSAPublicKey> verificationKeys) {
        this.signingKey = signingKey;
        this.signingKid = signingKid;
        this.verificationKeys = Collections.unmodifiableMap(new LinkedHashMap<>(verificationKeys)); // in file order
        JsonWebKeySet set = new JsonWebKeySet();
        verificationKeys.forEach((kid, key) -> set.addJsonWebKey(publicJwk(key, kid)));
        this.jwksJson = set.toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY);
        this.jwksTag = Base64.getUrlEncoder().withoutPadding().encodeToString(Sha256.of(jwksJson));
    }

    /**
     * The keys from the text of the signing key (a private RSA JWK, or PKCS#8 PEM) and of the verification keys (a
     * JWK Set, one JWK, or an X.509 PEM public key); refused with a message naming the variable to fix and never
     * quoting key material.
     */
    static KeySet of(String signingContent, String verificationContent) {
        RsaJsonWebKey signing = signingKey(signingContent.trim());
        Map<String, RSAPublicKey> verification = verificationKeys(verificationContent.trim(), signing);
        BigInteger signingModulus = signing.getRsaPublicKey().getModulus();
        RSAPublicKey published = verification.get(signing.getKeyId());
        if (published == null || !published.getModulus().equals(signingModulus)) {
            throw new KeyConfigurationException(env(VERIFY_LOCATION)
                    + " does not contain the public half of the signing key under its kid " + signing.getKeyId());
        }
        return new KeySet(signing.getRsaPrivateKey(), signing.getKeyId(), verification);
    }

    /** The private key that signs access tokens. */
    public PrivateKey signingKey() {
        return signingKey;
    }

    /** The {@code kid} put in the header of every access token signed with {@link #signingKey()}. */
    public String signingKid() {
        return signingKid;
    }

    /** The verification key published under {@code kid}, or null when no key of this set has that kid. */
    RSAPublicKey verificationKey(String kid) {
        return kid == null ? null : verificationKeys.get(kid);
    }

    /** The {@code kid}s of the verification keys, in the order of their file. */
    Set<String> verificationKids() {
        return verificationKeys.keySet();
    }

    /** The JWK Set of verification keys (public parts only), as JSON. */
    String jwksJson() {
        return jwksJson;
    }

    /** The entity tag of {@link #jwksJson()}: its SHA-256, base64url. */
    String jwksTag() {
        return jwksTag;
    }

    /** The RFC 7517 form of a public verification key as this service publishes it. */
    static RsaJsonWebKey publicJwk(RSAPublicKey key, String kid) {
        RsaJsonWebKey jwk = new RsaJsonWebKey(key);
        jwk.setKeyId(kid);
        jwk.setUse("sig");
        jwk.setAlgorithm("RS256");
        return jwk;
    }

    /** The RFC 7638 thumbprint (SHA-256, base64url) of an RSA public key: the kid of a key without one. */
    static String thumbprint(RSAPublicKey key) {
        return new RsaJsonWebKey(key).calculateBase64urlEncodedThumbprint("SHA-256");
    }

    private static RsaJsonWebKey signingKey(String content) {
        try {
            RsaJsonWebKey jwk;
            if (content.startsWith("{")) {
                JsonWebKey parsed = JsonWebKey.Factory.newJwk(content);
                if (!(parsed instanceof RsaJsonWebKey rsa) || rsa.getPrivateKey() == null) {
                    throw new KeyConfigurationException(env(SIGN_LOCATION) + " is not a private RSA JWK");
                }
                jwk = rsa;
            } else {
                PrivateKey key = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der(content)));
                if (!(key instanceof RSAPrivateCrtKey crt)) {
                    throw new KeyConfigurationException(env(SIGN_LOCATION) + " is not an RSA private key");
                }
                RSAPublicKey pub = (RSAPublicKey) KeyFactory.getInstance("RSA")
                        .generatePublic(new RSAPublicKeySpec(crt.getModulus(), crt.getPublicExponent()));
                jwk = new RsaJsonWebKey(pub);
                jwk.setPrivateKey(key);
            }
            requireStrength(jwk.getRsaPublicKey(), SIGN_LOCATION);
            if (jwk.getKeyId() == null || jwk.getKeyId().isBlank()) {
                jwk.setKeyId(thumbprint(jwk.getRsaPublicKey()));
            }
            return jwk;
        } catch (JoseException | GeneralSecurityException | IllegalArgumentException | ClassCastException e) {
            throw new KeyConfigurationException(env(SIGN_LOCATION) + " is not a readable RSA private key ("
                    + e.getClass().getSimpleName() + ")");
        }
    }

    private static Map<String, RSAPublicKey> verificationKeys(String content, RsaJsonWebKey signing) {
        Map<String, RSAPublicKey> keys = new LinkedHashMap<>();
        try {
            if (content.startsWith("{")) {
                List<JsonWebKey> jwks = content.contains("\"keys\"")
                        ? new JsonWebKeySet(content).getJsonWebKeys()
                        : new ArrayList<>(List.of(JsonWebKey.Factory.newJwk(content)));
                for (JsonWebKey jwk : jwks) {
                    if (!(jwk instanceof RsaJsonWebKey rsa)) {
                        throw new KeyConfigurationException(
                                env(VERIFY_LOCATION) + " holds a non-RSA key (kid " + jwk.getKeyId() + ")");
                    }
                    requireStrength(rsa.getRsaPublicKey(), VERIFY_LOCATION);
                    String kid = rsa.getKeyId() != null ? rsa.getKeyId() : thumbprint(rsa.getRsaPublicKey());
                    if (keys.put(kid, rsa.getRsaPublicKey()) != null) {
                        throw new KeyConfigurationException(env(VERIFY_LOCATION) + " holds two keys with kid " + kid);
                    }
                }
            } else {
                RSAPublicKey key = (RSAPublicKey)
                        KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(der(content)));
                requireStrength(key, VERIFY_LOCATION);
                BigInteger signingModulus = signing.getRsaPublicKey().getModulus();
                keys.put(key.getModulus().equals(signingModulus) ? signing.getKeyId() : thumbprint(key), key);
            }
        } catch (JoseException | GeneralSecurityException | IllegalArgumentException | ClassCastException e) {
            throw new KeyConfigurationException(env(VERIFY_LOCATION) + " is not a readable RSA public key or JWK Set ("
                    + e.getClass().getSimpleName() + ")");
        }
        if (keys.isEmpty()) {
            throw new KeyConfigurationException(env(VERIFY_LOCATION) + " holds no key");
        }
        return keys;
    }

    private static void requireStrength(RSAPublicKey key, String property) {
        if (key.getModulus().bitLength() < MIN_RSA_BITS) {
            throw new KeyConfigurationException(env(property) + " holds an RSA key of "
                    + key.getModulus().bitLength() + " bits; at least " + MIN_RSA_BITS + " are required");
        }
    }

    /** PEM (with or without its armour lines) or bare base64 to DER. */
    private static byte[] der(String pem) {
        StringBuilder b64 = new StringBuilder();
        for (String line : pem.split("\\R")) {
            if (!line.startsWith("-----")) {
                b64.append(line.trim());
            }
        }
        return Base64.getDecoder().decode(b64.toString());
    }

    /** The environment variable a user sets for a property, as named in the contract. */
    static String env(String property) {
        return property.toUpperCase().replace('.', '_').replace('-', '_');
    }

    /** A key setting that is refused (start-up stops, a reload keeps the current keys); the message names the variable. */
    static class KeyConfigurationException extends RuntimeException {
        KeyConfigurationException(String message) {
            super(message, null, false, false);
        }
    }
}
