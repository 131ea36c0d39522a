package io.jwtauth.session;

import java.time.Instant;
import java.util.UUID;

/**
 * One login: the chain of refresh-token rotations from it. Its id is the {@code sid} claim of access tokens. The
 * refresh state (the current token's generation, hash and expiry; the grace window's sealed successor) is written at
 * insert and then only by the rotation's own UPDATE ({@link SessionRepository#rotate}); a revocation writes only its
 * own two columns ({@link SessionRepository#revoke}).
 */
public class Session {

    public UUID id;

    public UUID userId;

    /** The user's tokenVersion when the session was issued: a later bump kills it. */
    public int tokenVersion;

    public Instant createdAt;

    public Instant lastUsedAt;

    /** Absolute expiry; rotation never extends it. */
    public Instant expiresAt;

    public Instant revokedAt;

    public String revokedReason;

    public String userAgent;

    public String ipAddress;

    /** Rotations so far: the generation of the current refresh token. */
    public long refreshGeneration;

    /** SHA-256 of the current refresh token; none for a service account's credential. */
    public byte[] refreshHash;

    public Instant refreshExpiresAt;

    /** When the previous token was rotated: the start of its grace window. */
    public Instant refreshRotatedAt;

    /** The current token, sealed under the previous one (see {@link RefreshTokenCodec}). */
    public byte[] refreshSealed;

    /** How the login was authenticated ({@code amr}, see AuthenticationMethods); every refresh keeps it. */
    public String[] amr;

    /** See {@link SessionState#isLive}, the one definition. */
    public boolean isLive(Instant now, int currentTokenVersion) {
        return SessionState.of(this).isLive(now, currentTokenVersion);
    }
}
