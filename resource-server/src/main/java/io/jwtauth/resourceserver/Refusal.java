package io.jwtauth.resourceserver;

/** Why the library refused a token whose signature verified; the tag of {@code jwt_auth_tokens_refused_total}. */
enum Refusal {
    /** its {@code sid} was revoked ({@code session_revoked}) */
    SESSION_REVOKED,
    /** its {@code ver} is below its subject's latest {@code tokens_revoked.ver} */
    TOKENS_REVOKED,
    /** its subject is disabled ({@code subject_disabled}, no {@code subject_enabled} since) */
    SUBJECT_DISABLED,
    /** it was signed with a key the auth service retired ({@code key_retired}) */
    KEY_RETIRED,
    /** it claims a longer lifetime than {@code jwt-auth.token-max-lifetime}: it could outlive remembered revocations */
    LIFETIME_TOO_LONG,
    /** the revocation state is stale and {@code jwt-auth.feed.when-stale=refuse} */
    FEED_STALE;

    /** The metric tag: the lower-case name. */
    String tag() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
