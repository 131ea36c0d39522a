package io.jwtauth.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.lang.JoseException;

/**
 * Key files laid out and changed the way a Kubernetes Secret volume does it: each version in a directory of its own,
 * {@code ..data} a symlink to the current one, the two files symlinks through {@code ..data}; an update writes a new
 * version and renames a fresh {@code ..data} link over the old one (one atomic step for both files).
 */
public final class KeyFiles {

    public static final String SIGNING = "signing-key.jwk.json";
    public static final String SET = "verification-keys.jwks.json";

    private final Path dir;

    private KeyFiles(Path dir) {
        this.dir = dir;
    }

    /** The layout in {@code dir} (created), holding {@code signing} as signing and only verification key. */
    public static KeyFiles in(Path dir, RsaJsonWebKey signing) throws IOException {
        KeyFiles files = new KeyFiles(Files.createDirectories(dir));
        files.write(signing, signing);
        Files.createSymbolicLink(dir.resolve(SIGNING), Path.of("..data", SIGNING));
        Files.createSymbolicLink(dir.resolve(SET), Path.of("..data", SET));
        return files;
    }

    /** The layout made before in {@code dir} (e.g. by a test profile, in another class loader). */
    public static KeyFiles at(Path dir) {
        return new KeyFiles(dir);
    }

    /** A new RSA signing key, kid = its RFC 7638 thumbprint. */
    public static RsaJsonWebKey newKey(int bits) {
        try {
            RsaJsonWebKey key = RsaJwkGenerator.generateJwk(bits);
            key.setKeyId(key.calculateBase64urlEncodedThumbprint("SHA-256"));
            return key;
        } catch (JoseException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The private JWK of {@code key}. */
    public static String privateJson(RsaJsonWebKey key) {
        return key.toJson(JsonWebKey.OutputControlLevel.INCLUDE_PRIVATE);
    }

    /** The public JWK Set of {@code keys}. */
    public static String setJson(RsaJsonWebKey... keys) {
        return new JsonWebKeySet(List.<JsonWebKey>copyOf(Arrays.asList(keys)))
                .toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY);
    }

    /** Swaps in a version: {@code signing} signs, {@code verification} are the published keys. */
    public void write(RsaJsonWebKey signing, RsaJsonWebKey... verification) throws IOException {
        writeRaw(privateJson(signing), setJson(verification));
    }

    /** Swaps in a version with these texts; a null text leaves that file out of the version (a missing file). */
    public void writeRaw(String signing, String verification) throws IOException {
        Path next = Files.createDirectory(dir.resolve("..version-" + UUID.randomUUID()));
        if (signing != null) {
            Files.writeString(next.resolve(SIGNING), signing, StandardCharsets.UTF_8);
        }
        if (verification != null) {
            Files.writeString(next.resolve(SET), verification, StandardCharsets.UTF_8);
        }
        Path link = dir.resolve("..data_tmp");
        Files.deleteIfExists(link);
        Files.createSymbolicLink(link, next.getFileName());
        Files.move(link, dir.resolve("..data"), StandardCopyOption.ATOMIC_MOVE);
    }

    /** The service's settings naming the two files, as environment variables. */
    public Map<String, String> env() {
        return Map.of(
                "SMALLRYE_JWT_SIGN_KEY_LOCATION",
                        dir.resolve(SIGNING).toAbsolutePath().toString(),
                "MP_JWT_VERIFY_PUBLICKEY_LOCATION",
                        dir.resolve(SET).toAbsolutePath().toString());
    }

    /** The same, as configuration properties. */
    public Map<String, String> config() {
        return Map.of(
                "smallrye.jwt.sign.key.location",
                        dir.resolve(SIGNING).toAbsolutePath().toString(),
                "mp.jwt.verify.publickey.location",
                        dir.resolve(SET).toAbsolutePath().toString());
    }
}
