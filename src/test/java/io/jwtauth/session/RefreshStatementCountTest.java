package io.jwtauth.session;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jwtauth.support.Accounts;
import io.jwtauth.support.StatementCounter;
import io.jwtauth.support.TestTokens;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.util.UUID;
import org.hibernate.stat.Statistics;
import org.junit.jupiter.api.Test;

/**
 * A refresh is one SQL statement in one transaction (the session row moves to the next generation), and rotations
 * add no rows: the database work per refresh does not grow with the number of refreshes a session has made.
 */
@QuarkusTest
class RefreshStatementCountTest {

    @Inject
    EntityManager em;

    @Test
    void aRefreshIsOneStatementInOneTransaction() {
        String refresh = Accounts.register("statements").login().refresh();
        Statistics stats = StatementCounter.reset();
        Accounts.refresh(refresh).then().statusCode(200);
        long statements = stats.getPrepareStatementCount();
        System.out.printf(
                "[statements] one refresh: %d statements, %d transactions%n", statements, stats.getTransactionCount());
        assertEquals(1, statements, "statements per refresh");
        assertEquals(1, stats.getTransactionCount(), "one transaction");
    }

    @Test
    void aGraceReplayIsTheUpdateThatNoLongerMatchesAndOneRead() {
        String refresh = Accounts.register("statements-grace").login().refresh();
        Accounts.refresh(refresh).then().statusCode(200);
        Statistics stats = StatementCounter.reset();
        Accounts.refresh(refresh).then().statusCode(200);
        assertEquals(2, stats.getPrepareStatementCount(), "the conditional update, then the session with its user");
    }

    @Test
    void rotationsAddNoRows() {
        Accounts.Tokens tokens = Accounts.register("statements-rows").login();
        UUID sid = UUID.fromString(TestTokens.claim(tokens.access(), "sid"));
        String refresh = tokens.refresh();
        for (int i = 0; i < 20; i++) {
            refresh = Accounts.refresh(refresh).then().statusCode(200).extract().path("refresh_token");
        }
        assertEquals(1, rows("SELECT count(*) FROM sessions WHERE id = ?1", sid), "one session row");
        assertEquals(
                0,
                rows("SELECT count(*) FROM refresh_tokens WHERE session_id = ?1", sid),
                "no row per rotated token after 20 rotations");
        assertEquals(20, rows("SELECT refresh_generation FROM sessions WHERE id = ?1", sid), "the generation");
    }

    private long rows(String sql, UUID sid) {
        return QuarkusTransaction.requiringNew()
                .call(() ->
                        ((Number) em.createNativeQuery(sql).setParameter(1, sid).getSingleResult()).longValue());
    }
}
