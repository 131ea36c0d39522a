package io.jwtauth.common;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.matchesPattern;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jwtauth.support.Accounts;
import io.jwtauth.support.LogCapture;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;

/**
 * The service makes its own X-Request-Id for every response and logs under it; a client's X-Request-Id is never used
 * in its place nor echoed, only logged beside it, cleaned and cut short.
 */
@QuarkusTest
class RequestIdsTest {

    private static final String UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

    @Test
    void everyResponseCarriesAFreshServerMadeId() {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 5; i++) {
            ids.add(given().get("/.well-known/jwks.json")
                    .then()
                    .statusCode(200)
                    .header(RequestIds.HEADER, matchesPattern(UUID))
                    .extract()
                    .header(RequestIds.HEADER));
        }
        assertEquals(5, ids.size(), "one id per request");
        // answers made before any resource runs, and the framework's own refusals, carry one too
        given().contentType(ContentType.JSON)
                .body("{\"email\":\"" + "x".repeat(70 * 1024) + "\"}")
                .post("/auth/login")
                .then()
                .statusCode(413)
                .header(RequestIds.HEADER, matchesPattern(UUID));
        given().header("X-Padding", "p".repeat(20 * 1024))
                .get("/.well-known/jwks.json")
                .then()
                .statusCode(431)
                .header(RequestIds.HEADER, matchesPattern(UUID));
        given().get("/no-such-thing").then().statusCode(404).header(RequestIds.HEADER, matchesPattern(UUID));
        given().get("/users/me").then().statusCode(401).header(RequestIds.HEADER, matchesPattern(UUID));
    }

    @Test
    void aClientsIdIsNeverEchoedNorUsedAsOurs() {
        for (String given : List.of("trace-abc.123", "00000000-0000-0000-0000-000000000000")) {
            String ours = given().header(RequestIds.HEADER, given)
                    .get("/.well-known/jwks.json")
                    .then()
                    .header(RequestIds.HEADER, matchesPattern(UUID))
                    .extract()
                    .header(RequestIds.HEADER);
            assertNotEquals(given, ours);
        }
    }

    @Test
    void aClientsIdIsLoggedBesideOursCleanedAndCutShort() {
        Accounts.Account account = Accounts.register("request-ids");
        String forged = "forged\tINFO [audit] event=login_succeeded user=someone-else " + "z".repeat(100);
        Response r;
        List<LogRecord> audit;
        try (LogCapture log = LogCapture.start()) {
            r = given().header(RequestIds.HEADER, forged)
                    .contentType(ContentType.JSON)
                    .body(Map.of("email", account.email(), "password", "not the password at all"))
                    .post("/auth/login");
            audit = log.records().stream()
                    .filter(l -> "audit".equals(l.getLoggerName()))
                    .toList();
        }
        r.then().statusCode(401);
        assertEquals(1, audit.size(), "the failed login's audit line");
        LogRecord line = audit.get(0);
        assertEquals(r.header(RequestIds.HEADER), LogCapture.mdc(line, "requestId"), "logged under our id");
        String client = LogCapture.mdc(line, "clientRequestId");
        assertEquals(RequestIds.MAX_CLIENT_ID, client.length());
        assertTrue(client.startsWith("forged_INFO__audit__event=login_succeeded_user=someone-else_"), client);
        assertFalse(client.chars().anyMatch(c -> c < 0x20 || c == ' ' || c == '[' || c == ']'), client);
    }

    @Test
    void withoutAClientIdNothingIsLoggedBesideOurs() {
        Response r;
        List<LogRecord> audit;
        try (LogCapture log = LogCapture.start()) {
            r = given().contentType(ContentType.JSON)
                    .body(Map.of("email", Accounts.uniqueEmail("request-ids-none"), "password", "a wrong password x"))
                    .post("/auth/login");
            audit = log.records().stream()
                    .filter(l -> "audit".equals(l.getLoggerName()))
                    .toList();
        }
        r.then().statusCode(401);
        assertEquals(1, audit.size());
        assertEquals(r.header(RequestIds.HEADER), LogCapture.mdc(audit.get(0), "requestId"));
        assertNull(LogCapture.mdc(audit.get(0), "clientRequestId"), "no client id leaks in from an earlier request");
    }
}
