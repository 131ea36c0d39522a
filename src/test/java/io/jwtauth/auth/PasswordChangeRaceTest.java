package io.jwtauth.auth;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import io.jwtauth.support.Accounts;
import io.jwtauth.support.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * A password change racing a revocation of the same account or session. The revoking transaction is played by the
 * test on its own connection: it locks the row first, waits until the password change queues behind that lock,
 * then revokes and commits — so the order is fixed, not left to timing.
 */
@QuarkusTest
class PasswordChangeRaceTest {

    private static final String NEW_PASSWORD = "a passphrase set during the race";

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String url;

    @ConfigProperty(name = "quarkus.datasource.username")
    String username;

    @ConfigProperty(name = "quarkus.datasource.password")
    Optional<String> password;

    @Test
    void aChangeQueuedWhileTheAccountsTokensAreRevokedIsRefusedAndStoresNothing() throws Exception {
        Accounts.Account account = Accounts.register("race-revoke");
        refusedWhileRevoking(account, "users", "UPDATE users SET token_version = token_version + 1 WHERE id = ?");
        Accounts.loginAttempt(account.email(), account.password()).then().statusCode(200);
    }

    @Test
    void aChangeQueuedWhileTheAccountIsDisabledIsRefusedAndStoresNothing() throws Exception {
        Accounts.Account account = Accounts.register("race-disable");
        refusedWhileRevoking(account, "users", "UPDATE users SET enabled = false WHERE id = ?");
        Accounts.loginAttempt(account.email(), account.password()).then().statusCode(403);
    }

    @Test
    void aChangeQueuedWhileTheCallersSessionIsRevokedIsRefusedAndStoresNothing() throws Exception {
        Accounts.Account account = Accounts.register("race-session");
        refusedWhileRevoking(
                account,
                "sessions",
                "UPDATE sessions SET revoked_at = now(), revoked_reason = 'reuse_detected' WHERE id = ?");
        Accounts.loginAttempt(account.email(), account.password()).then().statusCode(200);
    }

    /** Locks the caller's row of {@code table} (users: its id; sessions: its sid), queues a change, revokes. */
    private void refusedWhileRevoking(Accounts.Account account, String table, String revocation) throws Exception {
        String access = account.login().access();
        UUID row = UUID.fromString(table.equals("users") ? account.id() : TestTokens.claim(access, "sid"));
        CompletableFuture<Response> change;
        try (Connection revoker = DriverManager.getConnection(url, username, password.orElse(""))) {
            revoker.setAutoCommit(false);
            String lockRow = "SELECT id FROM " + table + " WHERE id = ? FOR UPDATE";
            try (PreparedStatement lock = revoker.prepareStatement(lockRow)) {
                lock.setObject(1, row);
                lock.executeQuery().close();
            }
            change = CompletableFuture.supplyAsync(() -> given().auth()
                    .oauth2(access)
                    .contentType(ContentType.JSON)
                    .body(Map.of("currentPassword", account.password(), "newPassword", NEW_PASSWORD))
                    .put("/users/me/password"));
            awaitABackendBlockedBy(revoker);
            try (PreparedStatement update = revoker.prepareStatement(revocation)) {
                update.setObject(1, row);
                assertEquals(1, update.executeUpdate());
            }
            revoker.commit();
        }
        change.get(30, TimeUnit.SECONDS)
                .then()
                .statusCode(401)
                .contentType("application/problem+json")
                .header("WWW-Authenticate", startsWith("Bearer realm=\"jwt-auth\", error=\"invalid_token\""))
                .body("code", equalTo("invalid_token"))
                .body("detail", equalTo("The token has been revoked"));
        Accounts.loginAttempt(account.email(), NEW_PASSWORD).then().statusCode(401); // the new password was not stored
    }

    /** Until a backend waits for a lock that {@code revoker} holds: the password change, queued behind it. */
    private static void awaitABackendBlockedBy(Connection revoker) throws SQLException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        try (PreparedStatement blocked = revoker.prepareStatement(
                "SELECT count(*) FROM pg_stat_activity WHERE pg_backend_pid() = ANY (pg_blocking_pids(pid))")) {
            while (System.nanoTime() < deadline) {
                try (ResultSet rs = blocked.executeQuery()) {
                    rs.next();
                    if (rs.getInt(1) > 0) {
                        return;
                    }
                }
                Thread.sleep(20);
            }
        }
        fail("the password change never queued behind the test's row lock");
    }
}
