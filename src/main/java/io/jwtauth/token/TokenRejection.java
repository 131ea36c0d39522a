package io.jwtauth.token;

import io.quarkus.security.AuthenticationFailedException;
import java.util.EnumMap;
import java.util.Map;
import org.jose4j.jwt.consumer.ErrorCodes;
import org.jose4j.jwt.consumer.InvalidJwtException;

/** Why a presented bearer token was refused (for the RFC 6750 description and the metrics). */
public final class TokenRejection {

    static final String REASON = "jwt-auth.rejection-reason";

    /** Why a token was refused; the description is safe to show to the client. */
    public enum Reason {
        TOO_LARGE("The token is too large"),
        MALFORMED("The token is malformed"),
        SIGNATURE("The token signature or algorithm is not accepted"),
        EXPIRED("The token has expired"),
        NOT_YET_VALID("The token is not valid yet"),
        CLAIMS("The token issuer, audience or claims are not accepted"),
        REVOKED("The token has been revoked"),
        INVALID("The token is invalid");

        private final String description;

        Reason(String description) {
            this.description = description;
        }

        public String description() {
            return description;
        }

        /** Whether the same token would be refused for the same reason later (not-yet-valid may become valid). */
        boolean isPermanent() {
            return this != NOT_YET_VALID && this != TOO_LARGE && this != INVALID;
        }
    }

    private TokenRejection() {}

    /**
     * One failure per reason, made once: a refusal is an expected outcome, not a bug, and filling in a stack trace
     * for each would cost more than the rest of a 401. Nothing mutates them (their attributes are immutable) and
     * the mapper logs none of them.
     */
    private static final Map<Reason, AuthenticationFailedException> FAILURES = new EnumMap<>(Reason.class);

    static {
        for (Reason reason : Reason.values()) {
            FAILURES.put(reason, failure(reason));
        }
    }

    /** The failure to raise for a token refused by our own checks. */
    public static AuthenticationFailedException rejected(Reason reason) {
        return FAILURES.get(reason);
    }

    /**
     * The caller's token was revoked while its request was being served (found under a row lock). A new failure
     * each time, unlike {@link #rejected}: it leaves through a transaction boundary, which may attach to it.
     */
    public static AuthenticationFailedException revokedDuringRequest() {
        return failure(Reason.REVOKED);
    }

    private static AuthenticationFailedException failure(Reason reason) {
        return new AuthenticationFailedException(reason.description(), Map.of(REASON, reason));
    }

    /** The reason behind any authentication failure: ours, or the one SmallRye JWT / jose4j reported. */
    public static Reason reasonOf(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof AuthenticationFailedException failed && failed.getAttribute(REASON) instanceof Reason r) {
                return r;
            }
            if (t instanceof InvalidJwtException invalid) {
                return reasonOf(invalid);
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return Reason.INVALID;
    }

    private static Reason reasonOf(InvalidJwtException e) {
        if (e.hasExpired()) {
            return Reason.EXPIRED;
        }
        if (e.hasErrorCode(ErrorCodes.NOT_YET_VALID) || e.hasErrorCode(ErrorCodes.ISSUED_AT_INVALID_FUTURE)) {
            return Reason.NOT_YET_VALID;
        }
        if (e.hasErrorCode(ErrorCodes.SIGNATURE_INVALID) || e.hasErrorCode(ErrorCodes.SIGNATURE_MISSING)) {
            return Reason.SIGNATURE;
        }
        if (e.hasErrorCode(ErrorCodes.ISSUER_INVALID)
                || e.hasErrorCode(ErrorCodes.ISSUER_MISSING)
                || e.hasErrorCode(ErrorCodes.AUDIENCE_INVALID)
                || e.hasErrorCode(ErrorCodes.AUDIENCE_MISSING)
                || e.hasErrorCode(ErrorCodes.EXPIRATION_MISSING)
                || e.hasErrorCode(ErrorCodes.ISSUED_AT_MISSING)
                || e.hasErrorCode(ErrorCodes.SUBJECT_MISSING)
                || e.hasErrorCode(ErrorCodes.JWT_ID_MISSING)
                || e.hasErrorCode(ErrorCodes.MALFORMED_CLAIM)) {
            return Reason.CLAIMS;
        }
        if (e.hasErrorCode(ErrorCodes.JSON_INVALID)) {
            return Reason.MALFORMED;
        }
        return Reason.INVALID;
    }
}
