package io.jwtauth.common;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jwtauth.support.Accounts;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The client address recorded on a session (GET /users/me/sessions) when the connection, 127.0.0.1, is a trusted
 * proxy (127.0.0.0/8): X-Forwarded-For is read from the right past trusted proxies, as IP literals only.
 */
@QuarkusTest
@TestProfile(ClientAddressTest.LoopbackIsAProxy.class)
class ClientAddressTest {

    /**
     * Only 127.0.0.0/8 trusted. Not LoginThrottleTest's profile: that class is package-private to auth/, and its tight
     * registration and login limits (being reworked) would make these many logins from one address a throttle test.
     */
    public static class LoopbackIsAProxy implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("auth.trusted-proxies", "127.0.0.0/8");
        }
    }

    /** Where RestAssured connects from. */
    static final String CONNECTION = "127.0.0.1";

    @Test
    void aForgedLeftMostValueIsIgnored() {
        Accounts.Account account = Accounts.register("xff-forged");
        assertEquals("203.0.113.7", addressSeen(account, forwardedFor("198.51.100.66, 203.0.113.7")));
    }

    @Test
    void trustedProxiesOnTheRightAreSkipped() {
        Accounts.Account account = Accounts.register("xff-trusted");
        assertEquals("203.0.113.7", addressSeen(account, forwardedFor("198.51.100.66, 203.0.113.7, 127.0.0.9")));
        assertEquals("203.0.113.8", addressSeen(account, forwardedFor("203.0.113.8,127.0.0.9,127.0.0.10")));
        // every hop a trusted proxy: the request started at the left-most one
        assertEquals("127.0.0.9", addressSeen(account, forwardedFor("127.0.0.9, 127.0.0.10")));
    }

    @Test
    void everyHeaderLineIsReadJoinedInOrder() {
        Accounts.Account account = Accounts.register("xff-lines");
        // reading only the last line would see trusted proxies alone and answer 127.0.0.9
        assertEquals("203.0.113.7", addressSeen(account, forwardedFor("203.0.113.7", "127.0.0.9")));
        // reading only the first line, or the lines in reverse order, would answer 198.51.100.66
        assertEquals("203.0.113.8", addressSeen(account, forwardedFor("198.51.100.66", "203.0.113.8")));
    }

    @Test
    void aMalformedHopMeansTheConnectionsAddressNeverTheHopBeforeIt() {
        Accounts.Account account = Accounts.register("xff-malformed");
        for (String malformed : List.of(
                "not-an-ip",
                "999.1.1.1",
                "1.2.3",
                "1.2.3.4.5",
                "01.2.3.4",
                "fe80::1%eth0",
                "::10.1.2.3",
                "[1.2.3.4]",
                "203.0.113.9:99999",
                "2001:db8::1]",
                "1".repeat(60) + ".1.1.1")) {
            assertEquals(CONNECTION, addressSeen(account, forwardedFor("203.0.113.7, " + malformed)), malformed);
            assertEquals(
                    CONNECTION,
                    addressSeen(account, forwardedFor("203.0.113.7, " + malformed + ", 127.0.0.9")),
                    malformed + " behind a trusted proxy");
        }
    }

    @Test
    void anEmptyHopOrAnEmptyLineMeansTheConnectionsAddress() {
        Accounts.Account account = Accounts.register("xff-empty");
        assertEquals(CONNECTION, addressSeen(account, forwardedFor("203.0.113.7,,127.0.0.9")));
        assertEquals(CONNECTION, addressSeen(account, forwardedFor("203.0.113.7,")));
        assertEquals(CONNECTION, addressSeen(account, forwardedFor("203.0.113.7, ")));
        assertEquals(CONNECTION, addressSeen(account, forwardedFor("203.0.113.7", "")));
    }

    /**
     * "localhost" resolves (through /etc/hosts, no DNS server needed) into the trusted 127.0.0.0/8: a resolver that
     * looked names up would skip it as a trusted proxy and answer 203.0.113.7, so this fails if names are resolved.
     */
    @Test
    void aNameIsNeverResolvedEvenWhenItWouldNameATrustedProxy() {
        Accounts.Account account = Accounts.register("xff-name");
        assertEquals(CONNECTION, addressSeen(account, forwardedFor("203.0.113.7, localhost")));
    }

    @Test
    void addressesAreStoredInCanonicalForm() {
        Accounts.Account account = Accounts.register("xff-canonical");
        assertEquals("10.1.2.3", addressSeen(account, forwardedFor("::ffff:10.1.2.3")));
        assertEquals("10.1.2.4", addressSeen(account, forwardedFor("::FFFF:a01:204")));
        assertEquals("2001:db8::1", addressSeen(account, forwardedFor("2001:0DB8:0000:0000:0000:0000:0000:0001")));
        // a mapped trusted proxy is still a trusted proxy
        assertEquals("2001:db8:1:2::5", addressSeen(account, forwardedFor("2001:db8:1:2:0:0:0:5, ::ffff:127.0.0.9")));
    }

    @Test
    void aPortOrBracketsAsSomeProxiesWriteThemAreDropped() {
        Accounts.Account account = Accounts.register("xff-port");
        assertEquals("203.0.113.9", addressSeen(account, forwardedFor("203.0.113.9:51234")));
        assertEquals("2001:db8::2", addressSeen(account, forwardedFor("[2001:db8::2]:443")));
        assertEquals("2001:db8::3", addressSeen(account, forwardedFor("[2001:db8::3]")));
    }

    /** PostgreSQL refuses NUL in text: such a header must never reach the session row (it was a 500). */
    @Test
    void aUserAgentWithNulOrAnotherControlCharacterIsRefusedBeforeTheApplicationNeverA5xx() throws IOException {
        Accounts.Account account = Accounts.register("user-agent-refused");
        for (String control : List.of("\u0000", "\u0001", "\u0007", "\u001b", "\u007f")) {
            // Netty's request decoder refuses control characters in header values with a bare 400
            String response = rawLogin(account, "app/1.0 (" + control + ")");
            assertTrue(response.startsWith("HTTP/1.1 400 "), (int) control.charAt(0) + ": " + response);
        }
    }

    @Test
    void theUserAgentLosesTheTabsHttpAllowsAndIsCutAt512() throws IOException {
        Accounts.Account account = Accounts.register("user-agent");
        assertEquals("app/1.0 (tab)", userAgentSeen(account, "app/1.0 (\ttab\t)"));
        assertEquals("x".repeat(512), userAgentSeen(account, "x".repeat(600)));
    }

    private static String userAgentSeen(Accounts.Account account, String userAgent) throws IOException {
        String response = rawLogin(account, userAgent);
        assertTrue(response.startsWith("HTTP/1.1 200 "), response);
        Matcher token = Pattern.compile("\"access_token\":\"([^\"]+)\"").matcher(response);
        assertTrue(token.find(), response);
        return (String) current(token.group(1)).get("userAgent");
    }

    /** POST /auth/login with the User-Agent sent byte for byte (RestAssured's client turns controls into '?'). */
    private static String rawLogin(Accounts.Account account, String userAgent) throws IOException {
        byte[] body = ("{\"email\":\"" + account.email() + "\",\"password\":\"" + account.password() + "\"}")
                .getBytes(StandardCharsets.UTF_8);
        String head = "POST /auth/login HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                + "User-Agent: " + userAgent + "\r\nContent-Length: " + body.length + "\r\nConnection: close\r\n\r\n";
        try (Socket socket = new Socket("localhost", RestAssured.port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.ISO_8859_1));
            out.write(body);
            out.flush();
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    static UnaryOperator<RequestSpecification> forwardedFor(String... lines) {
        return spec -> {
            for (String line : lines) {
                spec.header(ClientResolver.FORWARDED_FOR, line);
            }
            return spec;
        };
    }

    /** Logs in with the request shaped by {@code request} and answers the new session's ipAddress. */
    static String addressSeen(Accounts.Account account, UnaryOperator<RequestSpecification> request) {
        return (String) session(account, request).get("ipAddress");
    }

    /** Logs in with the request shaped by {@code request}; answers that session as GET /users/me/sessions shows it. */
    private static Map<String, Object> session(Accounts.Account account, UnaryOperator<RequestSpecification> request) {
        String access = request.apply(given())
                .contentType(ContentType.JSON)
                .body(Map.of("email", account.email(), "password", account.password()))
                .post("/auth/login")
                .then()
                .statusCode(200)
                .extract()
                .path("access_token");
        return current(access);
    }

    /** The caller's own session, as GET /users/me/sessions shows it. */
    private static Map<String, Object> current(String access) {
        List<Map<String, Object>> sessions = given().auth()
                .oauth2(access)
                .get("/users/me/sessions")
                .then()
                .statusCode(200)
                .extract()
                .path("$");
        return sessions.stream()
                .filter(s -> Boolean.TRUE.equals(s.get("current")))
                .findFirst()
                .orElseThrow();
    }
}
