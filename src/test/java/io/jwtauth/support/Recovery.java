package io.jwtauth.support;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.util.Map;

/** The account-recovery and verification requests of API.md, whatever the answer; the mails' subjects. */
public final class Recovery {

    public static final String RESET_SUBJECT = "Reset your password";
    public static final String RESET_NOTICE_SUBJECT = "Your password was changed";
    public static final String VERIFY_SUBJECT = "Confirm your email address";
    public static final String CHANGE_NOTICE_SUBJECT = "A change of your email address was requested";

    private Recovery() {}

    /** POST /auth/password-reset. */
    public static Response requestReset(String email) {
        return given().contentType(ContentType.JSON)
                .body(Map.of("email", email))
                .post("/auth/password-reset");
    }

    /** POST /auth/password-reset/confirm. */
    public static Response confirmReset(String token, String newPassword) {
        return given().contentType(ContentType.JSON)
                .body(Map.of("token", token, "newPassword", newPassword))
                .post("/auth/password-reset/confirm");
    }

    /** POST /auth/verify-email. */
    public static Response verifyEmail(String token) {
        return given().contentType(ContentType.JSON)
                .body(Map.of("token", token))
                .post("/auth/verify-email");
    }

    /** PUT /users/me/email. */
    public static Response changeEmail(String access, String newEmail, String currentPassword) {
        return given().auth()
                .oauth2(access)
                .contentType(ContentType.JSON)
                .body(Map.of("newEmail", newEmail, "currentPassword", currentPassword))
                .put("/users/me/email");
    }

    /** POST /users/me/email/verification. */
    public static Response resendVerification(String access) {
        return given().auth().oauth2(access).post("/users/me/email/verification");
    }
}
