package io.jwtauth.common;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The catalogue of the contract's errors: every status, {@code code} and default detail a client can receive,
 * declared once. Code throws from here ({@code Problems.EMAIL_TAKEN.exception()}); the mapper renders from here; the
 * OpenAPI document's examples are generated from here ({@link ProblemDocumentation}). Changing a message touches one
 * line.
 */
public enum Problems {
    VALIDATION_FAILED(400, "validation_failed", "The request has invalid fields"),
    MALFORMED_REQUEST(400, "malformed_request", "The request body is not valid JSON of the expected shape"),
    BAD_REQUEST(400, "bad_request", "The request cannot be processed"),
    INVALID_ENROLMENT_CODE(400, "invalid_mfa_code", "The code does not match the pending authenticator"),
    INVALID_RESET_TOKEN(400, "invalid_reset_token", "The reset token is unknown, expired or already used"),
    INVALID_VERIFICATION_TOKEN(
            400, "invalid_verification_token", "The verification token is unknown, expired or already used"),
    UNAUTHORIZED(401, "unauthorized", "A bearer access token is required"),
    INVALID_TOKEN(401, "invalid_token", "The token is invalid"),
    INVALID_CREDENTIALS(401, "invalid_credentials", "The email or password is incorrect"),
    INVALID_REFRESH_TOKEN(401, "invalid_refresh_token", "The refresh token is unknown, expired or revoked"),
    REFRESH_TOKEN_REUSED(
            401,
            "refresh_token_reused",
            "This refresh token was already used; its session has been revoked. Log in again."),
    INVALID_MFA_CODE(401, "invalid_mfa_code", "The code is incorrect or was already used"),
    INVALID_MFA_TOKEN(401, "invalid_mfa_token", "The mfa_token is unknown, expired or used up; log in again"),
    FORBIDDEN(403, "forbidden", "This action needs a role the token does not carry"),
    MFA_REQUIRED(403, "mfa_required", "A second factor is required"),
    WRONG_CURRENT_PASSWORD(403, "invalid_credentials", "The current password is incorrect"),
    WRONG_MFA_CODE(403, "invalid_credentials", "The code is incorrect or was already used"),
    ACCOUNT_DISABLED(403, "account_disabled", "This account is disabled"),
    EMAIL_UNVERIFIED(403, "email_unverified", "Verify your email address before logging in"),
    REGISTRATION_DISABLED(403, "registration_disabled", "Registration is disabled on this service"),
    NOT_FOUND(404, "not_found", "No such resource"),
    METHOD_NOT_ALLOWED(405, "method_not_allowed", "Method not allowed on this resource"),
    NOT_ACCEPTABLE(406, "not_acceptable", "The request cannot be processed"),
    EMAIL_TAKEN(409, "email_taken", "An account with this email already exists"),
    MFA_ALREADY_ENABLED(409, "mfa_already_enabled", "Multi-factor authentication is already on; disable it first"),
    CURSOR_EXPIRED(
            410,
            "cursor_expired",
            "This cursor is not among the events kept; take a snapshot (GET /revocations without after)"),
    LAST_ADMIN(409, "last_admin", "This is the last enabled admin; promote another first"),
    PAYLOAD_TOO_LARGE(
            413,
            "payload_too_large",
            "The request body is larger than " + RequestLimits.MAX_BODY_BYTES / 1024 + " KiB"),
    UNSUPPORTED_MEDIA_TYPE(415, "unsupported_media_type", "Send application/json"),
    TOO_MANY_ATTEMPTS(429, "too_many_attempts", "Too many attempts; try again later"),
    HEADERS_TOO_LARGE(
            431,
            "headers_too_large",
            "The request headers are larger than " + RequestLimits.MAX_HEADER_BYTES / 1024 + " KiB"),
    INTERNAL_ERROR(500, "internal_error", "Unexpected error"),
    UNAVAILABLE(503, "unavailable", "The database is unavailable; retry shortly"),
    OVERLOADED(503, "overloaded", "The service is overloaded; retry shortly");

    private final int status;
    private final String code;
    private final String detail;

    Problems(int status, String code, String detail) {
        this.status = status;
        this.code = code;
        this.detail = detail;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    /** The default detail, for humans. */
    public String detail() {
        return detail;
    }

    /** The body with the default detail. */
    public Problem problem() {
        return problem(detail);
    }

    public Problem problem(String detail) {
        return new Problem("about:blank", title(status), status, detail, code, null);
    }

    public ProblemException exception() {
        return new ProblemException(this, detail, Map.of(), null);
    }

    public ProblemException exception(String detail) {
        return new ProblemException(this, detail, Map.of(), null);
    }

    /** With response headers (e.g. {@code Retry-After}). */
    public ProblemException exception(String detail, Map<String, String> headers) {
        return new ProblemException(this, detail, headers, null);
    }

    /** With extension members written beside the problem's own (e.g. {@code mfa_token}) and response headers. */
    public ProblemException exception(String detail, Map<String, String> headers, Map<String, Object> members) {
        return new ProblemException(this, detail, headers, null, members);
    }

    /** 400 validation_failed for one field, in the same shape as Bean Validation failures. */
    public static ProblemException invalidField(String field, String message) {
        return new ProblemException(
                VALIDATION_FAILED, VALIDATION_FAILED.detail, Map.of(), List.of(new Problem.FieldError(field, message)));
    }

    /** The entry for this code answered with this status (a code may exist under two statuses), if any. */
    public static Optional<Problems> of(int status, String code) {
        return Arrays.stream(values())
                .filter(p -> p.status == status && p.code.equals(code))
                .findFirst();
    }

    /** The first entry for this code, if any. */
    public static Optional<Problems> of(String code) {
        return Arrays.stream(values()).filter(p -> p.code.equals(code)).findFirst();
    }

    /** The entry for a status the framework answers with (404, 405, ...), else the generic one of its class. */
    static Problems forStatus(int status) {
        return switch (status) {
            case 400 -> MALFORMED_REQUEST;
            case 404 -> NOT_FOUND;
            case 405 -> METHOD_NOT_ALLOWED;
            case 406 -> NOT_ACCEPTABLE;
            case 413 -> PAYLOAD_TOO_LARGE;
            case 415 -> UNSUPPORTED_MEDIA_TYPE;
            default -> status >= 500 ? INTERNAL_ERROR : BAD_REQUEST;
        };
    }

    static String title(int status) {
        return switch (status) {
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 406 -> "Not Acceptable";
            case 409 -> "Conflict";
            case 410 -> "Gone";
            case 413 -> "Content Too Large";
            case 415 -> "Unsupported Media Type";
            case 429 -> "Too Many Requests";
            case 431 -> "Request Header Fields Too Large";
            case 503 -> "Service Unavailable";
            default -> status >= 500 ? "Internal Server Error" : "Error";
        };
    }
}
