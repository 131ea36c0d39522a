package io.jwtauth.session;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jwtauth.support.Accounts;
import io.jwtauth.support.MutableClock;
import io.jwtauth.support.TestTokens;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** With batches of two rows, one purge still removes every expired session and token, a batch at a time. */
@QuarkusTest
@TestProfile(ExpiredSessionPurgeBatchTest.BatchesOfTwo.class)
class ExpiredSessionPurgeBatchTest {

    public static class BatchesOfTwo implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("auth.purge.batch-size", "2");
        }
    }

    @Inject
    ExpiredSessionPurge purge;

    @Inject
    SessionRepository sessions;

    @Inject
    MutableClock clock;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void onePurgeRemovesMoreThanOneBatch() {
        List<UUID> expired = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            expired.add(UUID.fromString(TestTokens.claim(Accounts.register("purge-batch").login().access(), "sid")));
        }
        clock.advance(Duration.ofDays(31));

        assertTrue(purge.purge() >= 10, "5 sessions and their 5 refresh tokens, in batches of 2");
        for (UUID sid : expired) {
            assertFalse(QuarkusTransaction.requiringNew().call(() -> sessions.findByIdOptional(sid).isPresent()),
                    "expired session " + sid + " is gone");
        }
    }
}
