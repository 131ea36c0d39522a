package io.jwtauth.support;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * An authenticator app, as a test holds one: the base32 secret an enrolment showed, and the six-digit code for any
 * instant (written here from RFC 6238 independently of the service's code). {@link #enrol} goes through the HTTP
 * enrolment and confirmation, as a user does.
 */
public record Authenticator(String secret, List<String> recoveryCodes) {

    /** POST /users/me/mfa/totp, then confirm with the code of {@code at}: MFA on for the token's account. */
    public static Authenticator enrol(String access, Instant at) {
        String secret = begin(access).then().statusCode(200).extract().path("secret");
        Authenticator app = new Authenticator(secret, List.of());
        List<String> codes =
                confirm(access, app.code(at)).then().statusCode(200).extract().path("recoveryCodes");
        return new Authenticator(secret, codes);
    }

    public static Response begin(String access) {
        return given().auth().oauth2(access).post("/users/me/mfa/totp");
    }

    public static Response confirm(String access, String code) {
        return given().auth()
                .oauth2(access)
                .contentType(ContentType.JSON)
                .body(Map.of("code", code))
                .post("/users/me/mfa/totp/confirm");
    }

    /** POST /auth/login/mfa with a TOTP code. */
    public static Response loginWithCode(String mfaToken, String code) {
        return given().contentType(ContentType.JSON)
                .body(Map.of("mfa_token", mfaToken, "code", code))
                .post("/auth/login/mfa");
    }

    /** POST /auth/login/mfa with a recovery code. */
    public static Response loginWithRecoveryCode(String mfaToken, String recoveryCode) {
        return given().contentType(ContentType.JSON)
                .body(Map.of("mfa_token", mfaToken, "recovery_code", recoveryCode))
                .post("/auth/login/mfa");
    }

    /** The first step of a login to an account with MFA on: its mfa_token (asserting the 403 mfa_required). */
    public static String mfaToken(String email, String password) {
        return Accounts.loginAttempt(email, password)
                .then()
                .statusCode(403)
                .extract()
                .path("mfa_token");
    }

    /** The code this authenticator shows at {@code at}. */
    public String code(Instant at) {
        return code(decode(secret), Math.floorDiv(at.getEpochSecond(), 30));
    }

    static String code(byte[] key, long step) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(key, "HmacSHA1"));
            byte[] h = mac.doFinal(ByteBuffer.allocate(8).putLong(step).array());
            int o = h[19] & 0xF;
            int n = ((h[o] & 0x7F) << 24) | ((h[o + 1] & 0xFF) << 16) | ((h[o + 2] & 0xFF) << 8) | (h[o + 3] & 0xFF);
            return String.format(Locale.ROOT, "%06d", n % 1_000_000);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] decode(String base32) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        ByteBuffer out = ByteBuffer.allocate(base32.length() * 5 / 8);
        int buffer = 0;
        int bits = 0;
        for (char c : base32.toCharArray()) {
            buffer = (buffer << 5) | alphabet.indexOf(c);
            bits += 5;
            if (bits >= 8) {
                out.put((byte) (buffer >> (bits - 8)));
                bits -= 8;
            }
        }
        return out.array();
    }
}
