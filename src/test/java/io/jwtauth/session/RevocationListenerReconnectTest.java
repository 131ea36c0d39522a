package io.jwtauth.session;

import static io.restassured.RestAssured.given;

import io.jwtauth.support.Accounts;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Losing the LISTEN connection means announcements may have been missed: on reconnect the whole cache is
 * dropped, so a revocation made meanwhile is seen long before the (default, 30 s) recheck interval.
 */
@QuarkusTest
class RevocationListenerReconnectTest {

    @Inject
    EntityManager em;

    @Test
    void losingTheListenerConnectionDropsTheCache() {
        String access = Accounts.register("safety-reconnect").login().access();
        given().auth().oauth2(access).get("/users/me").then().statusCode(200);
        RevocationSafetyNetTest.revokeBehindTheServicesBack(em, access);
        given().auth().oauth2(access).get("/users/me").then().statusCode(200); // cached: nobody announced it
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                        + " WHERE application_name = 'jwt-auth-revocation-listener' AND datname = current_database()")
                .getResultList());
        RevocationSafetyNetTest.awaitRefused(access, Duration.ofSeconds(8));
    }
}
