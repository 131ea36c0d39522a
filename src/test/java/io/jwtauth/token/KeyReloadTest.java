package io.jwtauth.token;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.agroal.api.AgroalDataSource;
import io.jwtauth.support.Accounts;
import io.jwtauth.support.KeyFiles;
import io.jwtauth.support.LogCapture;
import io.jwtauth.support.Metrics;
import io.jwtauth.support.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jose4j.jwk.EcJwkGenerator;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.keys.EllipticCurves;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Key files changed while the service runs (laid out as a Kubernetes Secret volume and swapped like one): a valid set
 * replaces signing, verification, the JWK Set and the remembered verdicts in one step, and a kid that left the set
 * becomes a {@code key_retired} event; a bad set changes nothing and is reported once (log line, metric, readiness
 * detail). The test drives {@link KeyRing#reload()} itself (the poller's interval is set far beyond the test).
 */
@QuarkusTest
@TestProfile(KeyReloadTest.FromFiles.class)
class KeyReloadTest {

    private static final String JWKS = "/.well-known/jwks.json";

    /** Keys from files in a temporary directory; the poller never runs during the test. */
    public static class FromFiles implements QuarkusTestProfile {

        @Override
        public Map<String, String> getConfigOverrides() {
            KeyFiles files;
            try {
                files = KeyFiles.in(Files.createTempDirectory("jwt-keys-reload-test"), KeyFiles.newKey(2048));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Map<String, String> config = new HashMap<>(files.config());
            // no keys generated for the test profile: only the files
            config.put("smallrye.jwt.sign.key", "NONE");
            config.put("mp.jwt.verify.publickey", "NONE");
            config.put("auth.keys.reload-interval", "1h");
            return config;
        }
    }

    @Inject
    KeyRing ring;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    Event<KeyRetired> retired;

    /** The files the service reads (the profile made them, in another class loader). */
    final KeyFiles files =
            KeyFiles.at(Path.of(ConfigProvider.getConfig().getValue("smallrye.jwt.sign.key.location", String.class))
                    .getParent());

    @Test
    void theKeysComeFromTheFiles() throws IOException {
        RsaJsonWebKey key = inUse();
        assertEquals(key.getKeyId(), ring.current().signingKid());
        assertEquals(Set.of(key.getKeyId()), publishedKids());
    }

    @Test
    void publishPromoteRetireFollowTheFilesWithoutARestart() throws IOException, SQLException {
        RsaJsonWebKey a = inUse();
        double applied = Metrics.sum("auth_key_reloads_total", "outcome=\"applied\"");
        Accounts.Account account = Accounts.register("key-rotation");
        String beforeRotation = account.login().access();
        assertEquals(a.getKeyId(), kid(beforeRotation));
        accepted(beforeRotation);
        RsaJsonWebKey b = KeyFiles.newKey(2048);
        // signed by the next key before it is published: refused, and that refusal is remembered...
        String early = TestTokens.sign(
                TestTokens.claims(account.id(), TestTokens.claim(beforeRotation, "sid"), 0),
                b.getRsaPrivateKey(),
                b.getKeyId());
        refused(early);
        refused(early);
        String etag = jwksTag();

        // publish
        files.write(a, a, b);
        assertEquals(KeyRing.Outcome.APPLIED, ring.reload());
        assertEquals(Set.of(a.getKeyId(), b.getKeyId()), publishedKids());
        assertNotEquals(etag, jwksTag(), "a new set is a new ETag");
        accepted(beforeRotation);
        accepted(early); // ...only as long as the key set it was made under
        assertEquals(a.getKeyId(), kid(account.login().access()), "the published key does not sign yet");

        // promote
        files.write(b, a, b);
        assertEquals(KeyRing.Outcome.APPLIED, ring.reload());
        String afterPromotion = account.login().access();
        assertEquals(b.getKeyId(), kid(afterPromotion));
        accepted(afterPromotion);
        accepted(beforeRotation);
        assertEquals(Set.of(a.getKeyId(), b.getKeyId()), publishedKids());

        // retire: the old token was accepted and remembered a moment ago, and is refused now
        files.write(b, b);
        assertEquals(KeyRing.Outcome.APPLIED, ring.reload());
        refused(beforeRotation).header("WWW-Authenticate", containsString("signature"));
        accepted(afterPromotion);
        assertEquals(Set.of(b.getKeyId()), publishedKids());
        assertEquals(1, keyRetiredEvents(a.getKeyId()), "key_retired is written when a kid leaves the set");

        assertEquals(KeyRing.Outcome.UNCHANGED, ring.reload(), "unchanged files are not applied again");
        assertEquals(applied + 3, Metrics.sum("auth_key_reloads_total", "outcome=\"applied\""));
    }

    @Test
    void aRetiredKidIsWrittenOnceHoweverManyInstancesRetireIt() throws SQLException {
        String kid = "retired-" + java.util.UUID.randomUUID();
        retired.fire(new KeyRetired(kid));
        retired.fire(new KeyRetired(kid)); // the other instance, applying the same files
        assertEquals(1, keyRetiredEvents(kid));
    }

    @Test
    void introspectionFollowsTheKeysToo() throws IOException {
        RsaJsonWebKey a = inUse();
        Accounts.Client server = Accounts.resourceServer("key-introspect");
        String token = Accounts.register("key-introspect").login().access();
        active(server, token, true);
        RsaJsonWebKey b = KeyFiles.newKey(2048);
        files.write(b, b);
        assertEquals(KeyRing.Outcome.APPLIED, ring.reload());
        active(server, token, false);
        assertEquals(
                b.getKeyId(),
                kid(Accounts.register("key-introspect-after").login().access()));
        assertNotEquals(a.getKeyId(), b.getKeyId());
    }

    /** A PEM-shaped signing key file whose body is not base64: no key material at all, made here. */
    private static final String NOT_A_KEY = String.join("PRIVATE KEY", "-----BEGIN ", "-----\nnot base64!\n");

    /** A bad set, by what is wrong with it, and the variable its refusal must name. */
    static Stream<Arguments> badSets() {
        return Stream.of(
                bad(
                        "garbage in the signing key file",
                        "SMALLRYE_JWT_SIGN_KEY_LOCATION",
                        (f, k) -> raw(f, NOT_A_KEY, KeyFiles.setJson(k))),
                bad("a 1024-bit signing key", "at least 2048", (f, k) -> {
                    RsaJsonWebKey weak = KeyFiles.newKey(1024);
                    write(f, weak, k, weak);
                }),
                bad("a 1024-bit key in the verification set", "at least 2048", (f, k) -> {
                    RsaJsonWebKey weak = KeyFiles.newKey(1024);
                    write(f, k, k, weak);
                }),
                bad("the signing key missing from the verification set", "public half of the signing key", (f, k) -> {
                    RsaJsonWebKey other = KeyFiles.newKey(2048);
                    write(f, other, k);
                }),
                bad(
                        "a public key as the signing key",
                        "SMALLRYE_JWT_SIGN_KEY_LOCATION is not a private RSA JWK",
                        (f, k) -> raw(f, k.toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY), KeyFiles.setJson(k))),
                bad("an EC key in the verification set", "non-RSA", (f, k) -> {
                    try {
                        JsonWebKey ec = EcJwkGenerator.generateJwk(EllipticCurves.P256);
                        ec.setKeyId("ec");
                        String set = KeyFiles.setJson(k).replace("]}", "," + ec.toJson() + "]}");
                        raw(f, KeyFiles.privateJson(k), set);
                    } catch (org.jose4j.lang.JoseException e) {
                        throw new IllegalStateException(e);
                    }
                }),
                bad(
                        "an empty verification set",
                        "holds no key",
                        (f, k) -> raw(f, KeyFiles.privateJson(k), "{\"keys\":[]}")),
                bad("a verification set cut short", "MP_JWT_VERIFY_PUBLICKEY_LOCATION", (f, k) -> {
                    String set = KeyFiles.setJson(k);
                    raw(f, KeyFiles.privateJson(k), set.substring(0, set.length() / 2));
                }),
                bad(
                        "a missing verification key file",
                        "MP_JWT_VERIFY_PUBLICKEY_LOCATION=",
                        (f, k) -> raw(f, KeyFiles.privateJson(k), null)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badSets")
    void aBadSetChangesNothingAndIsReportedOnce(String what, String reason, BadSet bad) throws IOException {
        RsaJsonWebKey key = inUse();
        String token = Accounts.register("key-refused").login().access();
        accepted(token);
        String etag = jwksTag();
        double refusedBefore = Metrics.sum("auth_key_reloads_total", "outcome=\"refused\"");

        try (LogCapture log = LogCapture.start()) {
            bad.write(files, key);
            assertEquals(KeyRing.Outcome.REFUSED, ring.reload(), what);
            assertEquals(KeyRing.Outcome.UNCHANGED, ring.reload(), "reported once: " + what);

            List<LogRecord> lines = log.of(KeyRing.class).stream()
                    .filter(r -> r.getLevel().intValue() >= Level.WARNING.intValue())
                    .toList();
            assertEquals(1, lines.size(), "one log line: " + lines);
            String line = LogCapture.line(lines.get(0));
            assertFalse(line.contains(modulus(key)), "no key material in the log: " + line);
            assertFalse(line.contains("\"d\""), line);
            org.hamcrest.MatcherAssert.assertThat(line, containsString(reason));
        }
        assertEquals(refusedBefore + 1, Metrics.sum("auth_key_reloads_total", "outcome=\"refused\""));
        keysHealth()
                .body("status", equalTo("UP"))
                .body("data.reloadRefused", containsString(reason))
                .body("data.signingKid", equalTo(key.getKeyId()));
        // the keys in use stay: same JWK Set, same signing key, tokens still accepted
        assertEquals(etag, jwksTag());
        assertEquals(
                key.getKeyId(),
                kid(Accounts.register("key-refused-after").login().access()));
        accepted(token);

        // back to the files in use: nothing refused any more
        files.write(key, key);
        assertEquals(KeyRing.Outcome.UNCHANGED, ring.reload());
        keysHealth().body("data.reloadRefused", nullValue());
    }

    // ---- helpers -----------------------------------------------------------------------------------------------

    /** Writes a bad version of the files, given the key in use. */
    @FunctionalInterface
    interface BadSet {
        void write(KeyFiles files, RsaJsonWebKey inUse) throws IOException;
    }

    private static Arguments bad(String what, String reason, BadSet set) {
        return Arguments.of(what, reason, set);
    }

    private static void write(KeyFiles files, RsaJsonWebKey signing, RsaJsonWebKey... set) throws IOException {
        files.write(signing, set);
    }

    private static void raw(KeyFiles files, String signing, String set) throws IOException {
        files.writeRaw(signing, set);
    }

    /** A fresh key in use, from a reload that applied it: each test starts from known files. */
    private RsaJsonWebKey inUse() throws IOException {
        RsaJsonWebKey key = KeyFiles.newKey(2048);
        files.write(key, key);
        assertEquals(KeyRing.Outcome.APPLIED, ring.reload());
        return key;
    }

    private static String modulus(RsaJsonWebKey key) {
        return JsonPath.from(key.toJson()).getString("n").substring(0, 40);
    }

    private static String kid(String token) {
        return JsonPath.from(TestTokens.header(token)).getString("kid");
    }

    private static Set<String> publishedKids() {
        return Set.copyOf(
                given().get(JWKS).then().statusCode(200).extract().jsonPath().getList("keys.kid"));
    }

    private static String jwksTag() {
        return given().get(JWKS).then().statusCode(200).extract().header("ETag");
    }

    private static void accepted(String token) {
        given().auth().oauth2(token).get("/users/me").then().statusCode(200);
    }

    private static io.restassured.response.ValidatableResponse refused(String token) {
        return given().auth()
                .oauth2(token)
                .get("/users/me")
                .then()
                .statusCode(401)
                .body("code", equalTo("invalid_token"));
    }

    private static void active(Accounts.Client server, String token, boolean active) {
        given().auth()
                .preemptive()
                .basic(server.id(), server.secret())
                .contentType("application/x-www-form-urlencoded")
                .formParam("token", token)
                .post("/oauth/introspect")
                .then()
                .statusCode(200)
                .body("active", equalTo(active));
    }

    private static io.restassured.response.ValidatableResponse keysHealth() {
        return given().port(Metrics.managementPort())
                .get("/q/health/ready")
                .then()
                .statusCode(200)
                .rootPath("checks.find { it.name == 'keys' }");
    }

    private long keyRetiredEvents(String kid) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            return KeyRetiredEvents.count(c, kid);
        }
    }
}
