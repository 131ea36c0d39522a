package io.jwtauth.session;

import static io.restassured.RestAssured.given;

import io.jwtauth.support.Accounts;
import io.jwtauth.support.TestTokens;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** A revocation that no announcement reported is still seen: every entry is re-read within the recheck interval. */
@QuarkusTest
@TestProfile(RevocationSafetyNetTest.ShortRecheck.class)
class RevocationSafetyNetTest {

    public static class ShortRecheck implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("auth.revocation.recheck-interval", "2s");
        }
    }

    static final Duration BOUND = Duration.ofSeconds(10);

    @Inject
    EntityManager em;

    @Test
    void aRevocationMissedByTheListenerIsSeenWithinTheRecheckInterval() {
        String access = Accounts.register("safety-net").login().access();
        given().auth().oauth2(access).get("/users/me").then().statusCode(200);
        revokeBehindTheServicesBack(em, access);
        awaitRefused(access, BOUND);
    }

    /** Revokes the session in the database directly: no NOTIFY, so no instance hears of it. */
    static void revokeBehindTheServicesBack(EntityManager em, String access) {
        UUID sid = UUID.fromString(TestTokens.claim(access, "sid"));
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery(
                "UPDATE sessions SET revoked_at = now(), revoked_reason = 'test' WHERE id = ?1")
                .setParameter(1, sid).executeUpdate());
    }

    static void awaitRefused(String access, Duration bound) {
        long deadline = System.nanoTime() + bound.toNanos();
        int status = 200;
        while (status != 401 && System.nanoTime() < deadline) {
            status = given().auth().oauth2(access).get("/users/me").statusCode();
            if (status != 401) {
                sleep();
            }
        }
        given().auth().oauth2(access).get("/users/me").then().statusCode(401);
    }

    private static void sleep() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
