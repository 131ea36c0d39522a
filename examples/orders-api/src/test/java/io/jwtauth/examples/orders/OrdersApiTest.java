package io.jwtauth.examples.orders;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.smallrye.jwt.build.Jwt;
import java.net.URL;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The example API as a client sees it: each user sees their own orders, admins see all, anything without a valid
 * token is refused; and it carries the resource-server library (its readiness check and metric).
 */
@QuarkusTest
@QuarkusTestResource(TestKeys.class)
class OrdersApiTest {

    @TestHTTPResource(value = "/health/ready", management = true)
    URL readiness;

    @TestHTTPResource(value = "/metrics", management = true)
    URL metrics;

    @Test
    void usersSeeTheirOwnOrdersOnly() {
        String alice = token(subject(), "user");
        String bob = token(subject(), "user");
        given().auth()
                .oauth2(alice)
                .contentType(ContentType.JSON)
                .body("{\"item\":\"teapot\",\"quantity\":2}")
                .post("/orders")
                .then()
                .statusCode(201)
                .body("item", equalTo("teapot"));

        given().auth().oauth2(alice).get("/orders").then().statusCode(200).body("item", hasItem("teapot"));
        given().auth().oauth2(bob).get("/orders").then().statusCode(200).body("$", empty());
    }

    @Test
    void adminsSeeEveryOrderAndUsersMayNot() {
        String carol = subject();
        String dave = subject();
        place(token(carol, "user"), "kettle");
        place(token(dave, "user"), "mug");

        given().auth().oauth2(token(carol, "user")).get("/admin/orders").then().statusCode(403);
        given().auth()
                .oauth2(token(subject(), "user", "admin"))
                .get("/admin/orders")
                .then()
                .statusCode(200)
                .body("owner", hasItems(carol, dave));
    }

    @Test
    void nothingIsServedWithoutAValidToken() throws Exception {
        given().get("/orders").then().statusCode(401);
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        String foreign = sign(subject(), generator.generateKeyPair().getPrivate(), 900, "user");
        given().auth().oauth2(foreign).get("/orders").then().statusCode(401);
        String expired = sign(subject(), TestKeys.keys.getPrivate(), -120, "user");
        given().auth().oauth2(expired).get("/orders").then().statusCode(401);
    }

    @Test
    void aMalformedOrderIsRefused() {
        given().auth()
                .oauth2(token(subject(), "user"))
                .contentType(ContentType.JSON)
                .body("{\"item\":\"\",\"quantity\":0}")
                .post("/orders")
                .then()
                .statusCode(400);
    }

    @Test
    void theLibraryReportsItsRevocationFeed() {
        // the auth service does not run here: the feed is not connected, and says so
        given().get(readiness)
                .then()
                .body("checks.find { it.name == 'jwt-auth revocation feed' }.data.connected", equalTo(false));
        given().get(metrics)
                .then()
                .statusCode(200)
                .body(org.hamcrest.Matchers.containsString("jwt_auth_revocation_feed_staleness_seconds"))
                .body(not(org.hamcrest.Matchers.containsString("jwt_auth_revocation_feed_connected 1.0")));
    }

    private static void place(String token, String item) {
        given().auth()
                .oauth2(token)
                .contentType(ContentType.JSON)
                .body("{\"item\":\"" + item + "\",\"quantity\":1}")
                .post("/orders")
                .then()
                .statusCode(201);
    }

    private static String token(String sub, String... roles) {
        return sign(sub, TestKeys.keys.getPrivate(), 900, roles);
    }

    /** A token shaped as the auth service issues them, expiring {@code lifetime} seconds from now. */
    private static String sign(String sub, PrivateKey key, long lifetime, String... roles) {
        long now = Instant.now().getEpochSecond();
        return Jwt.issuer("https://auth.example.com")
                .audience("jwt-auth-clients")
                .subject(sub)
                .upn(sub + "@example.com")
                .groups(Set.of(roles))
                .issuedAt(lifetime > 0 ? now : now - 900)
                .expiresAt(now + lifetime)
                .claim("sid", UUID.randomUUID().toString())
                .claim("ver", 1)
                .jws()
                .keyId("test-key")
                .sign(key);
    }

    private static String subject() {
        return UUID.randomUUID().toString();
    }
}
