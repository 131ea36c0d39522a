package io.jwtauth.session;

import static io.restassured.RestAssured.given;

import io.jwtauth.common.AuthConfig;
import io.jwtauth.common.Freshness;
import io.jwtauth.support.Accounts;
import io.jwtauth.support.MutableClock;
import io.jwtauth.support.NativeQueries;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/**
 * A revocation that no announcement reported is still seen: every entry is re-read within the recheck interval
 * of clock time, even while the listener is live (so its entries are otherwise trusted however old).
 */
@QuarkusTest
class RevocationSafetyNetTest {

    @Inject
    NativeQueries db;

    @Inject
    Freshness freshness;

    @Inject
    MutableClock clock;

    @Inject
    AuthConfig config;

    @Test
    void aRevocationMissedByTheListenerIsSeenAfterTheRecheckInterval() throws Exception {
        String access = Accounts.register("safety-net").login().access();
        given().auth().oauth2(access).get("/users/me").then().statusCode(200);
        ListenerFaults.revokeBehindTheServicesBack(db, access);
        given().auth().oauth2(access).get("/users/me").then().statusCode(200); // cached: nobody announced it

        clock.advance(config.revocation().recheckInterval());
        // a live listener: the entry is not refused for its age, only because the cache expired it
        ListenerFaults.awaitHeardUpTo(freshness, clock.instant());
        given().auth().oauth2(access).get("/users/me").then().statusCode(401);
    }
}
