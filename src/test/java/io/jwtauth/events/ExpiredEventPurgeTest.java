package io.jwtauth.events;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jwtauth.common.AuthConfig;
import io.jwtauth.events.EventReads.Page;
import io.jwtauth.support.Accounts;
import io.jwtauth.support.Accounts.Account;
import io.jwtauth.support.MutableClock;
import io.jwtauth.support.NativeQueries;
import io.jwtauth.support.StatementCounter;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduler;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The purge job deletes events once no token they could affect can be valid, in bounded batches; a cursor from
 * before them answers 410 cursor_expired — also once the table is empty — while the cursor after them still works.
 */
@QuarkusTest
class ExpiredEventPurgeTest {

    @Inject
    ExpiredEventPurge purge;

    @Inject
    MutableClock clock;

    @Inject
    AuthConfig config;

    @Inject
    NativeQueries db;

    @Inject
    Scheduler scheduler;

    String reader;

    @BeforeEach
    void resourceServerAndQuietJobs() {
        reader = Accounts.resourceServer("purge-reader").token();
        scheduler.pause();
    }

    @AfterEach
    void resumeJobs() {
        scheduler.resume();
    }

    @Test
    void aCursorFromBeforePurgedEventsIsGoneEvenWhenTheTableIsEmpty() {
        long before = EventReads.now(reader);
        Account user = Accounts.register("purge-old");
        given().auth().oauth2(user.login().access()).post("/auth/logout").then().statusCode(204);
        long afterIt = EventReads.now(reader);
        assertTrue(afterIt > before);

        clock.advance(retention().plusSeconds(1));
        assertTrue(purge.purge(config.purge().batchSize()) >= 1);
        clock.reset(); // the reader's token is read with the real time again
        assertEquals(0, rows(), "every event was older than the retention");

        EventReads.get(reader, Map.of("after", before))
                .then()
                .statusCode(410)
                .contentType("application/problem+json")
                .body("code", equalTo("cursor_expired"));
        Page page = EventReads.after(reader, afterIt);
        assertEquals(List.of(), page.events(), "nothing was missed after the last event read");
        assertEquals(afterIt, page.cursor());
        assertEquals(afterIt, EventReads.now(reader), "the snapshot of an empty log: the same cursor");

        given().auth().oauth2(user.login().access()).post("/auth/logout").then().statusCode(204);
        assertEquals(List.of("session_revoked"), types(EventReads.after(reader, afterIt), user));
    }

    @Test
    void eventsAreKeptForTheTokenLifetimePlusSkewAndMargin() {
        Account user = Accounts.register("purge-young");
        long cursor = EventReads.now(reader);
        given().auth().oauth2(user.login().access()).post("/auth/logout").then().statusCode(204);
        clock.advance(retention().minusSeconds(5));
        purge.purge(config.purge().batchSize());
        clock.reset();
        assertEquals(List.of("session_revoked"), types(EventReads.after(reader, cursor), user));
    }

    @Test
    void eventsArePurgedInBatchesOfOneShortTransactionEach() {
        Account user = Accounts.register("purge-batches");
        for (int i = 0; i < 5; i++) {
            given().auth()
                    .oauth2(user.login().access())
                    .post("/auth/logout")
                    .then()
                    .statusCode(204);
        }
        long stored = rows();
        clock.advance(retention().plusSeconds(1));
        StatementCounter stats = StatementCounter.reset();
        long deleted = purge.purge(2);
        clock.reset();
        assertEquals(stored, deleted);
        assertEquals(stored / 2 + 1, stats.getPrepareStatementCount(), "one statement per batch of two");
        assertEquals(stats.getPrepareStatementCount(), stats.getTransactionCount(), "one transaction per batch");
    }

    private Duration retention() {
        return config.accessToken()
                .lifespan()
                .plusSeconds(config.clockSkew())
                .plus(config.revocationEvents().retentionMargin());
    }

    private long rows() {
        return QuarkusTransaction.requiringNew()
                .call(() -> ((Number) db.createNativeQuery("SELECT count(*) FROM revocation_events")
                                .getSingleResult())
                        .longValue());
    }

    private static List<String> types(Page page, Account user) {
        return page.about(user.id()).stream().map(EventReads.Ev::type).toList();
    }
}
