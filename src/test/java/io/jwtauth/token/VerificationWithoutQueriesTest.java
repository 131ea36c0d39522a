package io.jwtauth.token;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jwtauth.support.Accounts;
import io.jwtauth.support.StatementCounter;
import io.quarkus.scheduler.Scheduler;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Once the caches are warm, verified requests make no database round trip at all. */
@QuarkusTest
class VerificationWithoutQueriesTest {

    static final int REQUESTS = 50;

    @Inject
    Scheduler scheduler;

    /** The purge jobs (first run a minute after start) would be counted too. */
    @BeforeEach
    void pauseJobs() {
        scheduler.pause();
    }

    @AfterEach
    void resumeJobs() {
        scheduler.resume();
    }

    @Test
    void warmVerifiedRequestsRunNoQueries() {
        String access = Accounts.register("no-queries").login().access();
        given().auth().oauth2(access).get("/users/me").then().statusCode(200); // warms the cache
        StatementCounter stats = StatementCounter.reset();
        for (int i = 0; i < REQUESTS; i++) {
            given().auth().oauth2(access).get("/users/me").then().statusCode(200);
        }
        assertEquals(0, stats.getPrepareStatementCount(), REQUESTS + " verified requests ran queries");
    }

    @Test
    void rejectedTokensRunNoQueriesEither() {
        String access = Accounts.register("no-queries-forged").login().access();
        String forged = access.substring(0, access.length() - 4) + (access.endsWith("AAAA") ? "BBBB" : "AAAA");
        StatementCounter stats = StatementCounter.reset();
        for (int i = 0; i < REQUESTS; i++) {
            given().auth().oauth2(forged).get("/users/me").then().statusCode(401);
        }
        assertEquals(0, stats.getPrepareStatementCount());
    }
}
