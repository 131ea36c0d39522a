package io.jwtauth.examples.orders;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Map;

/**
 * A key pair made for this test run (no key is committed): the public key is what the API verifies with, in place of
 * the auth service's JWKS, and the private key signs the tests' tokens. {@code jwt-auth.url} names a port where
 * nothing listens: the auth service does not run in these tests, so the library accepts tokens on their signature,
 * as it does while the auth service is down. Revocation through the real auth service is the end-to-end test's.
 */
public class TestKeys implements QuarkusTestResourceLifecycleManager {

    static KeyPair keys;

    @Override
    public Map<String, String> start() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            keys = generator.generateKeyPair();
            Path directory = Files.createDirectories(Path.of("target", "test-keys"));
            Path publicKey = directory.resolve("public-key.pem");
            Files.writeString(
                    publicKey,
                    "-----BEGIN PUBLIC KEY-----\n"
                            + Base64.getMimeEncoder()
                                    .encodeToString(keys.getPublic().getEncoded())
                            + "\n-----END PUBLIC KEY-----\n");
            return Map.of(
                    "mp.jwt.verify.publickey.location",
                    publicKey.toAbsolutePath().toUri().toString(),
                    "jwt-auth.url",
                    "http://127.0.0.1:" + unusedPort(),
                    "jwt-auth.client-id",
                    "orders-api-test",
                    "jwt-auth.client-secret",
                    "not-a-real-secret");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void stop() {}

    private static int unusedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
