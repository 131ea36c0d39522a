package io.jwtauth.events;

import java.time.Instant;
import java.util.Locale;
import java.util.UUID;

/**
 * One entry of the revocation event log, as the APIs that verify our tokens offline read it (API.md "Revocation
 * events"). Its id is the cursor: ids grow in commit order.
 *
 * @param sub the subject (user or client id); null only for {@code key_retired}
 * @param sid the revoked session ({@code session_revoked} only)
 * @param ver tokens of {@code sub} with a lower {@code ver} are dead ({@code tokens_revoked} only)
 * @param kid the retired signing key ({@code key_retired} only)
 */
public record RevocationEvent(long id, Type type, UUID sub, UUID sid, Integer ver, String kid, Instant at) {

    /** What dies; the receiver's rule is in API.md. */
    public enum Type {
        /** {@code sid} dies. */
        SESSION_REVOKED,
        /** Every token of {@code sub} with a {@code ver} below the given one dies. */
        TOKENS_REVOKED,
        /** Every token of {@code sub} dies until {@code subject_enabled}. */
        SUBJECT_DISABLED,
        SUBJECT_ENABLED,
        /** Tokens signed under {@code kid} die: the key left the verification set (RevocationRecorder#keyRetired). */
        KEY_RETIRED;

        /** The name in the log and in the API: {@code session_revoked}, ... */
        public String code() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Type of(String code) {
            return valueOf(code.toUpperCase(Locale.ROOT));
        }
    }
}
