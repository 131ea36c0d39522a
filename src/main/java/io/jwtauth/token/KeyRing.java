package io.jwtauth.token;

import io.quarkus.logging.Log;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.config.Config;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.lang.JoseException;

/**
 * The signing key and the verification keys, loaded once at start-up from the standard SmallRye / MicroProfile
 * JWT settings, checked (present, readable, RSA of at least 2048 bits, signing key among the verification keys),
 * and published as the JWK Set.
 */
@Singleton
public class KeyRing {

    static final int MIN_RSA_BITS = 2048;
    static final String SIGN_LOCATION = "smallrye.jwt.sign.key.location";
    static final String SIGN_INLINE = "smallrye.jwt.sign.key";
    static final String VERIFY_LOCATION = "mp.jwt.verify.publickey.location";
    static final String VERIFY_INLINE = "mp.jwt.verify.publickey";

    private final Config config;
    private volatile Loaded loaded;

    KeyRing(Config config) {
        this.config = config;
    }

    private record Loaded(
            PrivateKey signingKey, String signingKid, Map<String, RSAPublicKey> verificationKeys, String jwksJson) {}

    /** Loads the keys before the service takes traffic; on a bad key, one clear line and exit. */
    void onStart(@Observes @Priority(1) StartupEvent event) {
        try {
            load();
        } catch (KeyConfigurationException e) {
            Log.error("Refusing to start: " + e.getMessage());
            Quarkus.asyncExit(1);
        }
    }

    /** The private key that signs access tokens. */
    public PrivateKey signingKey() {
        return keys().signingKey;
    }

    /** The {@code kid} put in the header of every access token. */
    public String signingKid() {
        return keys().signingKid;
    }

    /** The JWK Set of verification keys (public parts only), as JSON. */
    public String jwksJson() {
        return keys().jwksJson;
    }

    /** Whether {@code kid} names one of the configured verification keys. */
    public boolean isVerificationKid(String kid) {
        return kid != null && keys().verificationKeys.containsKey(kid);
    }

    /** Whether the keys loaded (readiness). */
    public boolean isLoaded() {
        return loaded != null;
    }

    private Loaded keys() {
        Loaded k = loaded;
        if (k == null) {
            load();
            k = loaded;
        }
        return k;
    }

    synchronized void load() {
        if (loaded != null) {
            return;
        }
        RsaJsonWebKey signing = readSigningKey();
        Map<String, RSAPublicKey> verification = readVerificationKeys(signing);
        boolean signingIsVerifiable = verification.values().stream()
                .anyMatch(k -> k.getModulus().equals(((RSAPublicKey) signing.getPublicKey()).getModulus()));
        if (!signingIsVerifiable) {
            throw new KeyConfigurationException(env(VERIFY_LOCATION)
                    + " does not contain the public half of the signing key (kid " + signing.getKeyId() + ")");
        }
        JsonWebKeySet set = new JsonWebKeySet();
        verification.forEach((kid, key) -> {
            RsaJsonWebKey jwk = new RsaJsonWebKey(key);
            jwk.setKeyId(kid);
            jwk.setUse("sig");
            jwk.setAlgorithm("RS256");
            set.addJsonWebKey(jwk);
        });
        loaded = new Loaded(
                signing.getRsaPrivateKey(),
                signing.getKeyId(),
                Map.copyOf(verification),
                set.toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY));
        Log.infof(
                "Keys loaded: signing kid %s, %d verification key(s) %s",
                signing.getKeyId(), verification.size(), verification.keySet());
    }

    private RsaJsonWebKey readSigningKey() {
        String content = read(SIGN_LOCATION, SIGN_INLINE, "the signing key: a private JWK with kid, or a PKCS#8 PEM");
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
                jwk.setKeyId(jwk.calculateBase64urlEncodedThumbprint("SHA-256"));
            }
            return jwk;
        } catch (JoseException | GeneralSecurityException | IllegalArgumentException e) {
            throw new KeyConfigurationException(env(SIGN_LOCATION) + " is not a readable RSA private key ("
                    + e.getClass().getSimpleName() + ")");
        }
    }

    private Map<String, RSAPublicKey> readVerificationKeys(RsaJsonWebKey signing) {
        String content = read(VERIFY_LOCATION, VERIFY_INLINE, "the verification keys: a JWK Set or a PEM public key");
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
                    String kid = rsa.getKeyId() != null
                            ? rsa.getKeyId()
                            : ((PublicJsonWebKey) rsa).calculateBase64urlEncodedThumbprint("SHA-256");
                    keys.put(kid, rsa.getRsaPublicKey());
                }
            } else {
                RSAPublicKey key = (RSAPublicKey)
                        KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(der(content)));
                requireStrength(key, VERIFY_LOCATION);
                BigInteger signingModulus = signing.getRsaPublicKey().getModulus();
                String kid = key.getModulus().equals(signingModulus)
                        ? signing.getKeyId()
                        : new RsaJsonWebKey(key).calculateBase64urlEncodedThumbprint("SHA-256");
                keys.put(kid, key);
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

    private String read(String locationProperty, String inlineProperty, String what) {
        Optional<String> inline =
                config.getOptionalValue(inlineProperty, String.class).filter(v -> !v.isBlank() && !"NONE".equals(v));
        if (inline.isPresent()) {
            return inline.get().trim();
        }
        String location = config.getOptionalValue(locationProperty, String.class)
                .filter(v -> !v.isBlank())
                .orElseThrow(() -> new KeyConfigurationException(env(locationProperty) + " is not set (" + what + ")"));
        Path path = Path.of(location.startsWith("file:") ? location.substring("file:".length()) : location);
        try {
            return Files.readString(path, StandardCharsets.UTF_8).trim();
        } catch (IOException | RuntimeException e) {
            throw new KeyConfigurationException(env(locationProperty) + "=" + location + " cannot be read ("
                    + e.getClass().getSimpleName() + ")");
        }
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

    /** A key setting that makes the service refuse to start; the message names the variable to fix. */
    static class KeyConfigurationException extends RuntimeException {
        KeyConfigurationException(String message) {
            super(message, null, false, false);
        }
    }
}
