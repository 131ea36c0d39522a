package io.jwtauth.session;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jwtauth.support.Accounts;
import io.jwtauth.support.SessionKnobs;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The purge with batches of two rows: the rule of {@link ExpiredSessionPurgeTest} still holds, and one run
 * removes every expired session, a batch at a time.
 */
@QuarkusTest
@TestProfile(SessionKnobs.class)
class ExpiredSessionPurgeBatchTest extends ExpiredSessionPurgeTest {

    @Test
    void onePurgeRemovesMoreThanOneBatch() {
        List<UUID> expired = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            expired.add(sid(Accounts.register("purge-batch").login().access()));
        }
        clock.advance(Duration.ofDays(31));

        assertTrue(purge.purge() >= 5, "5 sessions (their refresh state in their rows), in batches of 2");
        for (UUID sid : expired) {
            assertFalse(exists(sid), "expired session " + sid + " is gone");
        }
    }
}
