package io.jwtauth.token;

import io.jwtauth.token.KeySet.KeyConfigurationException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.lang.JoseException;

/**
 * The key tool: makes the key files and walks them through a rotation, with nothing but the service's own jar (no
 * openssl, no node). A plain main class, not a Quarkus entry point, so it starts no service:
 *
 * <pre>
 * java -cp target/quarkus-app/quarkus-run.jar io.jwtauth.token.KeyTool init|publish|promote|retire [directory] [bits]
 * </pre>
 *
 * In the directory (default: the current one) it keeps {@value #SIGNING} (the private signing JWK), {@value #SET} (the
 * public verification JWK Set) and, between publish and promote, {@value #NEXT}. Keys are RSA (3072 bits unless told,
 * never fewer than 2048) with {@code kid} = their RFC 7638 thumbprint. Every step checks its result by the service's
 * own rule ({@link KeySet#of}) before it writes anything, and prints kids only, never key material.
 */
public final class KeyTool {

    static final String SIGNING = "signing-key.jwk.json";
    static final String SET = "verification-keys.jwks.json";
    static final String NEXT = "next-signing-key.jwk.json";
    static final int DEFAULT_BITS = 3072;

    private final Path dir;
    private final int bits;
    private final PrintStream out;

    KeyTool(Path dir, int bits, PrintStream out) {
        this.dir = dir;
        this.bits = bits;
        this.out = out;
    }

    public static void main(String[] args) {
        if (args.length < 1 || args.length > 3) {
            System.err.println("usage: KeyTool init|publish|promote|retire [directory] [bits]");
            System.exit(2);
        }
        try {
            Path dir = Path.of(args.length > 1 ? args[1] : ".");
            int bits = args.length > 2 ? Integer.parseInt(args[2]) : DEFAULT_BITS;
            new KeyTool(dir, bits, System.out).run(args[0]);
        } catch (Refused | KeyConfigurationException | NumberFormatException e) {
            System.err.println("Refused: " + e.getMessage());
            System.exit(1);
        }
    }

    /** Runs one step; a step that cannot be taken is {@link Refused} with the reason and leaves the files as they were. */
    void run(String step) {
        if (bits < KeySet.MIN_RSA_BITS) {
            throw new Refused("RSA keys have at least " + KeySet.MIN_RSA_BITS + " bits, not " + bits);
        }
        switch (step) {
            case "init" -> init();
            case "publish" -> publish();
            case "promote" -> promote();
            case "retire" -> retire();
            default -> throw new Refused("unknown step " + step + " (init, publish, promote or retire)");
        }
    }

    /** A first key: it signs and is the only verification key. */
    private void init() {
        requireAbsent(SIGNING);
        requireAbsent(SET);
        RsaJsonWebKey key = generate();
        String signing = privateJson(key);
        String set = setJson(List.of(key));
        check(signing, set);
        write(SET, set);
        write(SIGNING, signing);
        out.println("init: kid " + key.getKeyId() + " signs and verifies (" + SIGNING + ", " + SET + ")");
        out.println("next: put both files in the Secret; rotate later with: publish, promote, retire");
    }

    /** Step 1: a new key joins the verification set; the current key keeps signing. */
    private void publish() {
        requireAbsent(NEXT);
        RsaJsonWebKey next = generate();
        List<JsonWebKey> keys = new ArrayList<>(readSet().getJsonWebKeys());
        keys.add(next);
        String set = setJson(keys);
        check(read(SIGNING), set);
        write(NEXT, privateJson(next));
        write(SET, set);
        out.println("publish: kid " + next.getKeyId() + " added to " + SET + " (" + NEXT + " holds its private key)");
        out.println("next: update the Secret with " + SIGNING + " and " + SET
                + ", wait until every instance and verifier has the new key (README), then: promote");
    }

    /** Step 2: the published key signs from now on; the old key still verifies. */
    private void promote() {
        String next = read(NEXT);
        String set = read(SET);
        KeySet promoted;
        try {
            promoted = KeySet.of(next, set);
        } catch (KeyConfigurationException e) {
            throw new Refused("the next key is not published in " + SET + " (" + e.getMessage() + "): publish first");
        }
        write(SIGNING, next);
        delete(NEXT);
        out.println("promote: kid " + promoted.signingKid() + " signs (" + SIGNING + ")");
        out.println("next: update the Secret, wait until the old key's last tokens expired (README), then: retire");
    }

    /** Step 3: every verification key but the signing key's leaves the set. */
    private void retire() {
        requireAbsent(NEXT);
        String signing = read(SIGNING);
        KeySet current = KeySet.of(signing, read(SET));
        List<JsonWebKey> kept = new ArrayList<>();
        List<String> retired = new ArrayList<>();
        for (JsonWebKey key : readSet().getJsonWebKeys()) {
            if (current.signingKid().equals(key.getKeyId())) {
                kept.add(key);
            } else {
                retired.add(key.getKeyId());
            }
        }
        if (retired.isEmpty()) {
            throw new Refused("nothing to retire: " + SET + " holds only the signing key " + current.signingKid());
        }
        String set = setJson(kept);
        check(signing, set);
        write(SET, set);
        out.println("retire: kid(s) " + String.join(", ", retired) + " removed from " + SET);
        out.println("next: update the Secret; tokens signed under them are refused from then on");
    }

    private RsaJsonWebKey generate() {
        try {
            RsaJsonWebKey key = RsaJwkGenerator.generateJwk(bits);
            key.setKeyId(KeySet.thumbprint(key.getRsaPublicKey()));
            key.setUse("sig");
            key.setAlgorithm("RS256");
            return key;
        } catch (JoseException e) {
            throw new IllegalStateException("RSA key generation is part of every Java platform", e);
        }
    }

    private static String privateJson(RsaJsonWebKey key) {
        return key.toJson(JsonWebKey.OutputControlLevel.INCLUDE_PRIVATE);
    }

    private static String setJson(List<? extends JsonWebKey> keys) {
        List<JsonWebKey> published = new ArrayList<>();
        for (JsonWebKey key : keys) {
            published.add(KeySet.publicJwk(((RsaJsonWebKey) key).getRsaPublicKey(), key.getKeyId()));
        }
        return new JsonWebKeySet(published).toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY);
    }

    private static void check(String signing, String set) {
        KeySet.of(signing, set);
    }

    private JsonWebKeySet readSet() {
        try {
            return new JsonWebKeySet(read(SET));
        } catch (JoseException e) {
            throw new Refused(SET + " is not a JWK Set (" + e.getClass().getSimpleName() + ")");
        }
    }

    private String read(String file) {
        try {
            return Files.readString(dir.resolve(file), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new Refused(
                    dir.resolve(file) + " cannot be read (" + e.getClass().getSimpleName() + ")");
        }
    }

    private void requireAbsent(String file) {
        if (Files.exists(dir.resolve(file))) {
            throw new Refused(dir.resolve(file) + " exists already");
        }
    }

    /** Written beside the target and moved over it, readable by the owner only: a reader never sees half a file. */
    private void write(String file, String content) {
        try {
            Files.createDirectories(dir);
            Path temp = Files.createTempFile(dir, "." + file, ".tmp");
            try {
                Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException notPosix) {
                // e.g. Windows: the directory's own protection applies
            }
            Files.writeString(temp, content, StandardCharsets.UTF_8);
            try {
                Files.move(temp, dir.resolve(file), StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, dir.resolve(file), StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new Refused(
                    dir.resolve(file) + " cannot be written (" + e.getClass().getSimpleName() + ")");
        }
    }

    private void delete(String file) {
        try {
            Files.delete(dir.resolve(file));
        } catch (IOException e) {
            throw new Refused(
                    dir.resolve(file) + " cannot be deleted (" + e.getClass().getSimpleName() + ")");
        }
    }

    /** A step that cannot be taken; the message says why. */
    static final class Refused extends RuntimeException {
        Refused(String message) {
            super(message, null, false, false);
        }
    }
}
