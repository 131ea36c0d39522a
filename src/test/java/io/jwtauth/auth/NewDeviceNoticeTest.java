package io.jwtauth.auth;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jwtauth.support.Accounts;
import io.jwtauth.support.LogCapture;
import io.jwtauth.support.MutableClock;
import io.jwtauth.support.SmtpServer;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A successful login from a device and network (/24, /64) the account has not used for 90 days mails a notice (read
 * here from the real SMTP server) and writes the audit event login.new_device; the device is the device token where
 * the client presents one, else the User-Agent. Runs in LoginThrottleTest's profile (127.0.0.1 a trusted proxy, so
 * a test speaks for any client address) to share its restart.
 */
@QuarkusTest
@TestProfile(LoginThrottleTest.TightLimits.class)
class NewDeviceNoticeTest {

    private static final String NOTICE = "New sign-in to your account";
    private static final String FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0";
    private static final String PHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) Mobile/15E148";

    @Inject
    MutableClock clock;

    SmtpServer smtp;

    @Test
    void theFirstLoginFromADeviceIsMailedAndAudited() {
        String ip = LoginThrottleTest.newIp();
        Accounts.Account account = register(ip);
        try (LogCapture logs = LogCapture.start()) {
            login(account, ip, FIREFOX, null).then().statusCode(200);

            SmtpServer.Received notice = smtp.awaitOne(account.email(), NOTICE);
            assertTrue(notice.text().contains(ip), notice.text());
            assertTrue(notice.text().contains(FIREFOX), notice.text());
            assertTrue(notice.html().contains(ip), notice.html());
            assertEquals(
                    1,
                    logs.of("audit").stream()
                            .map(LogCapture::line)
                            .filter(l -> l.contains("event=login.new_device user=" + account.id()))
                            .count());
        }
    }

    @Test
    void theSameDeviceInTheSameNetworkIsNotNewAnotherDeviceOrNetworkIs() {
        String ip = LoginThrottleTest.newIp();
        Accounts.Account account = register(ip);
        String deviceToken = login(account, ip, FIREFOX, null).path("device_token");
        smtp.awaitOne(account.email(), NOTICE);

        // the same device token, and the same browser without it, from another address of the same /24
        login(account, sameNetwork(ip), FIREFOX, deviceToken).then().statusCode(200);
        login(account, sameNetwork(ip), FIREFOX, null).then().statusCode(200);
        // the device token names the device, whatever the browser now says
        login(account, ip, PHONE, deviceToken).then().statusCode(200);
        // another browser without a device token: new
        login(account, ip, PHONE, null).then().statusCode(200);
        smtp.await(account.email(), NOTICE, 2);

        // the known device token from another network: new
        login(account, otherNetwork(ip), FIREFOX, deviceToken).then().statusCode(200);
        smtp.await(account.email(), NOTICE, 3);
    }

    @Test
    void anIpv6ClientIsKnownByItsSlash64() {
        Accounts.Account account = register(LoginThrottleTest.newIp());
        login(account, "2001:db8:16:1::1", FIREFOX, null).then().statusCode(200);
        smtp.awaitOne(account.email(), NOTICE);
        login(account, "2001:db8:16:1:ffff::9", FIREFOX, null).then().statusCode(200);
        login(account, "2001:db8:16:2::1", FIREFOX, null).then().statusCode(200);
        smtp.await(account.email(), NOTICE, 2);
    }

    @Test
    void aPairUnusedFor90DaysIsNewAgainOneUsedWithinThemIsNot() {
        String ip = LoginThrottleTest.newIp();
        Accounts.Account account = register(ip);
        login(account, ip, FIREFOX, null).then().statusCode(200);
        smtp.awaitOne(account.email(), NOTICE);

        clock.advance(Duration.ofDays(89));
        login(account, ip, FIREFOX, null).then().statusCode(200); // seen 89 days ago: known, and seen again now
        clock.advance(Duration.ofDays(89));
        login(account, ip, FIREFOX, null).then().statusCode(200);
        clock.advance(Duration.ofDays(91));
        login(account, ip, FIREFOX, null).then().statusCode(200); // 91 days since: new again
        smtp.await(account.email(), NOTICE, 2);
    }

    @Test
    void aFailedLoginMailsNothing() {
        String ip = LoginThrottleTest.newIp();
        Accounts.Account account = register(ip);
        login(account, otherNetwork(ip), PHONE, null, "not the password, but long")
                .then()
                .statusCode(401);
        login(account, ip, FIREFOX, null).then().statusCode(200);
        SmtpServer.Received only = smtp.awaitOne(account.email(), NOTICE);
        assertTrue(only.text().contains(FIREFOX), only.text());
    }

    private static Accounts.Account register(String ip) {
        String email = Accounts.uniqueEmail("new-device");
        String id = given().header("X-Forwarded-For", ip)
                .contentType(ContentType.JSON)
                .body(Map.of("email", email, "password", Accounts.PASSWORD))
                .post("/auth/register")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        return new Accounts.Account(email, Accounts.PASSWORD, id);
    }

    private static Response login(Accounts.Account account, String ip, String userAgent, String deviceToken) {
        return login(account, ip, userAgent, deviceToken, account.password());
    }

    private static Response login(
            Accounts.Account account, String ip, String userAgent, String deviceToken, String password) {
        Map<String, String> body = new HashMap<>(Map.of("email", account.email(), "password", password));
        if (deviceToken != null) {
            body.put("device_token", deviceToken);
        }
        return given().header("X-Forwarded-For", ip)
                .header("User-Agent", userAgent)
                .contentType(ContentType.JSON)
                .body(body)
                .post("/auth/login");
    }

    /** Another address of the same /24. */
    private static String sameNetwork(String ip) {
        String[] octets = ip.split("\\.");
        return octets[0] + "." + octets[1] + "." + octets[2] + "." + (Integer.parseInt(octets[3]) + 1) % 250;
    }

    /** The same last octet in the next /24. */
    private static String otherNetwork(String ip) {
        String[] octets = ip.split("\\.");
        return octets[0] + "." + octets[1] + "." + (Integer.parseInt(octets[2]) + 1) % 250 + "." + octets[3];
    }
}
