package io.jwtauth.session;

import static io.restassured.RestAssured.given;

import io.jwtauth.common.Freshness;
import io.jwtauth.support.Accounts;
import io.jwtauth.support.NativeQueries;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Clock;
import org.junit.jupiter.api.Test;

/**
 * Losing the LISTEN connection means announcements may have been missed: the new connection drops the whole
 * cache, so a revocation made meanwhile is seen at once, long before the (default, 30 s) recheck interval.
 */
@QuarkusTest
class RevocationListenerReconnectTest {

    @Inject
    NativeQueries db;

    @Inject
    Freshness freshness;

    @Inject
    Clock clock;

    @Test
    void aNewListenerConnectionDropsTheCache() throws Exception {
        String access = Accounts.register("safety-reconnect").login().access();
        given().auth().oauth2(access).get("/users/me").then().statusCode(200);
        ListenerFaults.revokeBehindTheServicesBack(db, access);
        given().auth().oauth2(access).get("/users/me").then().statusCode(200); // cached: nobody announced it
        // no request until the new connection has confirmed: then the cache trusts its entries again, however
        // old, and only the drop on reconnect can have removed this one
        ListenerFaults.cutListenerAndAwaitReconnect(db, freshness, clock);
        given().auth().oauth2(access).get("/users/me").then().statusCode(401);
    }
}
