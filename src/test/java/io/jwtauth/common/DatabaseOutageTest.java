package io.jwtauth.common;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agroal.api.AgroalDataSource;
import io.jwtauth.support.Accounts;
import io.jwtauth.support.LogCapture;
import io.jwtauth.support.MutableClock;
import io.jwtauth.support.PostgresProxy;
import io.jwtauth.support.ScarceResources;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL unreachable (a TCP proxy between the service and the database, cut and restored by the test) or the
 * connection pool exhausted: every request that needs the database is a 503 with Retry-After, never a 500; the log
 * says so once, without stack traces; and once the database is back, everything works again with nothing lost.
 */
@QuarkusTest
@TestProfile(ScarceResources.class)
class DatabaseOutageTest {

    static final int POOL_SIZE = ScarceResources.POOL_SIZE;
    static final Duration ACQUISITION_TIMEOUT = ScarceResources.ACQUISITION_TIMEOUT;

    PostgresProxy proxy;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    MutableClock clock;

    @ConfigProperty(name = "auth.refresh-token.reuse-grace")
    Duration grace;

    @ConfigProperty(name = "quarkus.datasource.jdbc.foreground-validation-interval")
    Duration foregroundValidation;

    private LogCapture log;

    @BeforeEach
    void captureLogs() {
        log = LogCapture.start();
    }

    @AfterEach
    void stopCapturing() {
        log.close();
        proxy.restore();
    }

    @Test
    void anOutageIs503UnavailableEverywhereLoggedOnceAndEverythingRecovers() {
        Accounts.Account account = Accounts.register("outage");
        String rotated = account.login().refresh();
        String successor =
                Accounts.refresh(rotated).then().statusCode(200).extract().path("refresh_token");
        // fresh logins: their user and sessions are not in the verification cache yet
        Accounts.Account other = Accounts.register("outage-uncached");
        String uncached = other.login().access();
        String uncachedToLogOut = other.login().access();
        // a token already refused for good before the outage: its session is revoked
        String revoked = other.login().access();
        given().auth().oauth2(revoked).post("/auth/logout").then().statusCode(204);
        given().auth().oauth2(revoked).get("/users/me").then().statusCode(401);

        proxy.cut();
        log.clear();
        List<Response> answers = List.of(
                given().auth().oauth2(uncached).get("/users/me"),
                json(Map.of("email", account.email(), "password", account.password()))
                        .post("/auth/login"),
                json(Map.of("email", Accounts.uniqueEmail("outage-new"), "password", Accounts.PASSWORD))
                        .post("/auth/register"),
                Accounts.refresh(successor),
                json(Map.of("refresh_token", successor)).post("/auth/logout"),
                // not a silent 204: the session could not be revoked
                given().auth().oauth2(uncachedToLogOut).post("/auth/logout"),
                // not a silent 202: no link could be stored or mail queued
                json(Map.of("email", account.email())).post("/auth/password-reset"),
                json(Map.of("token", "any")).post("/auth/verify-email"));
        for (Response r : answers) {
            r.then()
                    .statusCode(503)
                    .contentType(Problem.MEDIA_TYPE)
                    .body("code", equalTo("unavailable"))
                    .header("Retry-After", matchesPattern("[1-9][0-9]*"));
        }
        // what needs no database goes on: the keys, refusing a forged token, refusing a revoked one
        given().get("/.well-known/jwks.json").then().statusCode(200);
        given().auth()
                .oauth2(uncached.substring(0, uncached.length() - 4) + "AAAA")
                .get("/users/me")
                .then()
                .statusCode(401)
                .body("code", equalTo("invalid_token"));
        given().auth().oauth2(revoked).get("/users/me").then().statusCode(401).body("code", equalTo("invalid_token"));
        assertEquals(List.of(), log.withStackTraces(), "no stack trace in the log");
        List<String> outageLines =
                log.of(DatabaseFailures.class).stream().map(LogCapture::line).toList();
        assertEquals(1, outageLines.size(), "one line for the outage: " + outageLines);
        assertTrue(outageLines.get(0).contains("unavailable"), outageLines.get(0));
        // the revocation listener, retrying every second meanwhile, says once that it lost its connection
        List<String> listenerLines = log.of("io.jwtauth.session.RevocationListener").stream()
                .filter(r -> r.getLevel().intValue() >= Level.INFO.intValue())
                .map(LogCapture::line)
                .toList();
        assertTrue(listenerLines.size() <= 1, "at most one listener line during the outage: " + listenerLines);

        proxy.restore();
        given().auth().oauth2(uncached).get("/users/me").then().statusCode(200);
        json(Map.of("email", account.email(), "password", account.password()))
                .post("/auth/login")
                .then()
                .statusCode(200);
        json(Map.of("email", Accounts.uniqueEmail("outage-after"), "password", Accounts.PASSWORD))
                .post("/auth/register")
                .then()
                .statusCode(201);
        given().auth().oauth2(uncachedToLogOut).post("/auth/logout").then().statusCode(204);
        given().auth().oauth2(uncachedToLogOut).get("/users/me").then().statusCode(401);
        // the rotation made just before the outage held: the successor works, the rotated token is reuse
        Accounts.refresh(successor).then().statusCode(200);
        clock.advance(grace.plusSeconds(1));
        Accounts.refresh(rotated).then().statusCode(401).body("code", equalTo("refresh_token_reused"));
    }

    @Test
    void connectionsThatDiedIdleInThePoolAreNotUsedOnceTheDatabaseIsBack() throws Exception {
        String uncached = Accounts.register("idle-dead").login().access();
        List<Connection> warm = new ArrayList<>();
        for (int i = 0; i < POOL_SIZE; i++) {
            warm.add(dataSource.getConnection());
        }
        for (Connection c : warm) {
            c.close(); // back to the pool: every pooled connection is now a physical one
        }
        proxy.cut();
        proxy.restore();
        // Agroal tests a connection before use once it has been idle this long (its own clock, not ours)
        Thread.sleep(foregroundValidation.plusMillis(200).toMillis());
        given().auth().oauth2(uncached).get("/users/me").then().statusCode(200);
        Accounts.register("idle-dead-after").login();
    }

    @Test
    void anExhaustedPoolIs503OverloadedWithinTheAcquisitionTimeout() throws Exception {
        String uncached = Accounts.register("exhausted").login().access();
        List<Connection> held = new ArrayList<>();
        log.clear();
        try {
            for (int i = 0; i < POOL_SIZE; i++) {
                held.add(dataSource.getConnection());
            }
            long started = System.nanoTime();
            given().auth()
                    .oauth2(uncached)
                    .get("/users/me")
                    .then()
                    .statusCode(503)
                    .contentType(Problem.MEDIA_TYPE)
                    .body("code", equalTo("overloaded"))
                    .header("Retry-After", matchesPattern("[1-9][0-9]*"));
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            assertTrue(took.compareTo(ACQUISITION_TIMEOUT.plusSeconds(2)) < 0, "answered after " + took);
        } finally {
            for (Connection c : held) {
                c.close();
            }
        }
        given().auth().oauth2(uncached).get("/users/me").then().statusCode(200);
        List<String> lines =
                log.of(DatabaseFailures.class).stream().map(LogCapture::line).toList();
        assertEquals(1, lines.size(), "one line for the episode: " + lines);
        assertTrue(lines.get(0).contains("overloaded"), lines.get(0));
    }

    private static RequestSpecification json(Object body) {
        return given().contentType(ContentType.JSON).body(body);
    }
}
