package io.jwtauth.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jwtauth.common.RequestIds;
import io.jwtauth.support.Accounts;
import io.jwtauth.support.LogCapture;
import io.jwtauth.support.NativeQueries;
import io.jwtauth.support.TestTokens;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * What a refresh asks of PostgreSQL, read from the JDBC driver's own protocol trace (each message it sends, logged
 * under the request's id): one statement, one round trip, no transaction around it (it commits on its own); the grace
 * path's extra reads; and no rows added by rotations, so the work per refresh does not grow with a session's age.
 */
@QuarkusTest
@TestProfile(RefreshStatementCountTest.DriverTrace.class)
class RefreshStatementCountTest {

    /** The driver's protocol messages logged (JUL's FINEST, below TRACE: level ALL), the console kept at INFO. */
    public static class DriverTrace implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "quarkus.log.category.\"org.postgresql.core.v3.QueryExecutorImpl\".level", "ALL",
                    "quarkus.log.category.\"org.postgresql.core.v3.QueryExecutorImpl\".min-level", "ALL",
                    "quarkus.log.console.level", "INFO");
        }
    }

    /**
     * What the driver sent for one request: statements executed (COMMIT included), round trips (Sync), and the
     * transaction status the server reported after each (ReadyForQuery: I idle, T in a transaction).
     */
    record Sent(long statements, long roundTrips, List<String> statusAfter) {}

    @Inject
    NativeQueries db;

    @Test
    void aRefreshIsOneStatementInOneRoundTripWithNoTransactionAroundIt() {
        String refresh = Accounts.register("statements").login().refresh();
        Sent sent = sentFor(() -> Accounts.refresh(refresh));
        System.out.printf("[statements] one refresh: %s%n", sent);
        assertEquals(1, sent.statements(), "statements per refresh");
        assertEquals(1, sent.roundTrips(), "round trips per refresh");
        assertEquals(List.of("I"), sent.statusAfter(), "no transaction open after it: it committed on its own");
    }

    @Test
    void aGraceReplayIsTheUpdateThatNoLongerMatchesThenOneTransactionOfReads() {
        String refresh = Accounts.register("statements-grace").login().refresh();
        Accounts.refresh(refresh).then().statusCode(200);
        Sent sent = sentFor(() -> Accounts.refresh(refresh));
        System.out.printf("[statements] a grace replay: %s%n", sent);
        assertEquals(3, sent.statements(), "the conditional update, then the session with its user, and COMMIT");
        assertEquals(3, sent.roundTrips(), "round trips");
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

    private static Sent sentFor(java.util.function.Supplier<Response> request) {
        try (LogCapture log = LogCapture.start()) {
            Response response = request.get();
            response.then().statusCode(200);
            String requestId = response.header(RequestIds.HEADER);
            List<String> messages = log.of("org.postgresql.core.v3.QueryExecutorImpl").stream()
                    .filter(r -> requestId.equals(LogCapture.mdc(r, "requestId")))
                    .map(LogCapture::line)
                    .toList();
            assertTrue(!messages.isEmpty(), "the driver's trace was captured under the request id");
            return new Sent(
                    messages.stream().filter(m -> m.contains("FE=> Execute(")).count(),
                    messages.stream().filter(m -> m.contains("FE=> Sync")).count(),
                    messages.stream()
                            .filter(m -> m.contains("<=BE ReadyForQuery("))
                            .map(m -> m.substring(m.indexOf("ReadyForQuery(") + 14, m.indexOf("ReadyForQuery(") + 15))
                            .toList());
        }
    }

    private long rows(String sql, UUID sid) {
        return QuarkusTransaction.requiringNew()
                .call(() ->
                        ((Number) db.createNativeQuery(sql).setParameter(1, sid).getSingleResult()).longValue());
    }
}
