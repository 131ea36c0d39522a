package io.jwtauth.session;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jwtauth.support.Accounts;
import io.jwtauth.support.MutableClock;
import io.jwtauth.support.TestTokens;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The purge job removes what expired and keeps what is still alive. */
@QuarkusTest
class ExpiredSessionPurgeTest {

    @Inject
    ExpiredSessionPurge purge;

    @Inject
    SessionRepository sessions;

    @Inject
    MutableClock clock;

    @Test
    void expiredSessionsAndTheirTokensArePurgedLiveOnesKept() {
        UUID old = sid(Accounts.register("purge-old").login().access());
        clock.advance(Duration.ofDays(29));
        UUID young = sid(Accounts.register("purge-young").login().access());
        clock.advance(Duration.ofDays(1).plusMinutes(1));

        assertTrue(purge.purge() >= 1);
        assertFalse(exists(old), "the 30-day-old session is gone");
        assertTrue(exists(young), "the day-old session stays");
    }

    boolean exists(UUID sid) {
        return QuarkusTransaction.requiringNew()
                .call(() -> sessions.findByIdOptional(sid).isPresent());
    }

    static UUID sid(String access) {
        return UUID.fromString(TestTokens.claim(access, "sid"));
    }
}
