package io.jwtauth.user;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import io.jwtauth.support.Accounts;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * A password change racing an admin action on the same account. The admin's transaction is played by the test
 * itself on a second connection: it holds the user's row lock while the change is in flight, so the order is
 * fixed, not left to timing.
 */
@QuarkusTest
class PasswordChangeRaceTest {

    private static final String NEW_PASSWORD = "a passphrase set during the race";

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String url;

    @Test
    void aChangeWaitingWhileTheAccountsTokensAreRevokedIsRefusedAndChangesNothing() throws Exception {
        assertChangeRefusedAfter("UPDATE users SET token_version = token_version + 1 WHERE id = ?");
    }

    @Test
    void aChangeWaitingWhileTheAccountIsDisabledIsRefusedAndChangesNothing() throws Exception {
        assertChangeRefusedAfter("UPDATE users SET enabled = false WHERE id = ?");
    }

    private void assertChangeRefusedAfter(String adminUpdate) throws Exception {
        Accounts.Account account = Accounts.register("race");
        String access = account.login().access();
        UUID id = UUID.fromString(account.id());
        CompletableFuture<Response> change;
        try (Connection admin = DriverManager.getConnection(url, "postgres", "")) {
            admin.setAutoCommit(false);
            try (PreparedStatement lock = admin.prepareStatement("SELECT id FROM users WHERE id = ? FOR UPDATE")) {
                lock.setObject(1, id);
                lock.executeQuery().close();
            }
            change = CompletableFuture.supplyAsync(() -> given().auth().oauth2(access).contentType(ContentType.JSON)
                    .body(Map.of("currentPassword", account.password(), "newPassword", NEW_PASSWORD))
                    .put("/users/me/password"));
            awaitAWaiterOnARowLock(admin);
            try (PreparedStatement update = admin.prepareStatement(adminUpdate)) {
                update.setObject(1, id);
                assertEquals(1, update.executeUpdate());
            }
            admin.commit();
        }
        change.get(30, TimeUnit.SECONDS).then().statusCode(401).body("code", equalTo("invalid_token"))
                .body("detail", equalTo("The token has been revoked"));
        // nothing was stored: the old password is still the one that matches
        given().contentType(ContentType.JSON).body(Map.of("email", account.email(), "password", NEW_PASSWORD))
                .post("/auth/login").then().statusCode(401).body("code", equalTo("invalid_credentials"));
        given().contentType(ContentType.JSON).body(Map.of("email", account.email(), "password", account.password()))
                .post("/auth/login").then().statusCode(adminUpdate.contains("enabled") ? 403 : 200);
    }

    /** Until another backend of this database waits for a lock: the password change, queued behind ours. */
    private static void awaitAWaiterOnARowLock(Connection admin) throws SQLException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        try (PreparedStatement waiting = admin.prepareStatement("SELECT count(*) FROM pg_stat_activity "
                + "WHERE datname = current_database() AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()")) {
            while (System.nanoTime() < deadline) {
                try (ResultSet rs = waiting.executeQuery()) {
                    rs.next();
                    if (rs.getInt(1) > 0) {
                        return;
                    }
                }
                Thread.sleep(20);
            }
        }
        fail("the password change never waited for the row lock");
    }
}
