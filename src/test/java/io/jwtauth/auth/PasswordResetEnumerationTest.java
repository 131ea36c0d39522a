package io.jwtauth.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jwtauth.support.Accounts;
import io.jwtauth.support.Recovery;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A reset request reveals nothing: the same answer, in about the same time, for an account's address and any other. */
@QuarkusTest
class PasswordResetEnumerationTest {

    private static final int ROUNDS = 15;

    @Test
    void knownAndUnknownAddressesGetTheSameAnswerInAboutTheSameTime() {
        List<String> known = new ArrayList<>();
        for (int i = 0; i < ROUNDS + 1; i++) {
            known.add(Accounts.register("reset-enum").email());
        }
        // warm both paths once
        Response first = Recovery.requestReset(known.remove(0));
        Response ghost = Recovery.requestReset(Accounts.uniqueEmail("reset-enum-ghost"));
        assertEquals(202, first.statusCode());
        assertEquals(202, ghost.statusCode());
        assertEquals(first.asString(), ghost.asString(), "byte-identical bodies");
        assertEquals(first.contentType(), ghost.contentType());
        assertEquals(first.getHeaders().size(), ghost.getHeaders().size(), "the same headers");

        List<Long> knownNanos = new ArrayList<>();
        List<Long> unknownNanos = new ArrayList<>();
        for (int i = 0; i < ROUNDS; i++) {
            knownNanos.add(timed(known.get(i)));
            unknownNanos.add(timed(Accounts.uniqueEmail("reset-enum-ghost")));
        }
        long knownMedian = median(knownNanos) / 1_000_000;
        long unknownMedian = median(unknownNanos) / 1_000_000;
        // the mail is queued, not sent: an account's address costs one short transaction more, no SMTP round trip
        assertTrue(
                Math.abs(knownMedian - unknownMedian) < 25,
                "medians " + knownMedian + " ms (account) and " + unknownMedian + " ms (none)");
    }

    private static long timed(String email) {
        long started = System.nanoTime();
        Recovery.requestReset(email).then().statusCode(202);
        return System.nanoTime() - started;
    }

    private static long median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }
}
