package io.jwtauth.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jwtauth.support.Accounts;
import io.jwtauth.support.StatementCounter;
import io.quarkus.test.junit.QuarkusTest;
import org.hibernate.stat.Statistics;
import org.junit.jupiter.api.Test;

/** A refresh is one transaction of at most four SQL statements (lock-and-read, insert, two updates). */
@QuarkusTest
class RefreshStatementCountTest {

    @Test
    void aRefreshCostsAtMostFourStatementsInOneTransaction() {
        String refresh = Accounts.register("statements").login().refresh();
        Statistics stats = StatementCounter.reset();
        Accounts.refresh(refresh).then().statusCode(200);
        long statements = stats.getPrepareStatementCount();
        System.out.printf(
                "[statements] one refresh: %d statements, %d transactions%n", statements, stats.getTransactionCount());
        assertTrue(statements <= 4, "statements per refresh: " + statements);
        assertEquals(1, stats.getTransactionCount(), "one transaction");
    }

    @Test
    void aGraceReplayIsASingleStatement() {
        String refresh = Accounts.register("statements-grace").login().refresh();
        Accounts.refresh(refresh).then().statusCode(200);
        Statistics stats = StatementCounter.reset();
        Accounts.refresh(refresh).then().statusCode(200);
        assertEquals(1, stats.getPrepareStatementCount(), "only the locked read");
    }
}
