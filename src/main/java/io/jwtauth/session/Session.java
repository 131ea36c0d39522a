package io.jwtauth.session;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;
import org.hibernate.annotations.DynamicUpdate;

/**
 * One login: the chain of refresh-token rotations from it. Its id is the {@code sid} claim of access tokens. The
 * refresh state (the current token's generation, hash and expiry; the grace window's sealed successor) is written at
 * insert and then only by the rotation's own UPDATE ({@link SessionRepository#rotate}); entity updates write just the
 * columns they changed.
 */
@Entity
@DynamicUpdate
@Table(name = "sessions")
public class Session {

    @Id
    public UUID id;

    @Column(name = "user_id", nullable = false)
    public UUID userId;

    /** The user's tokenVersion when the session was issued: a later bump kills it. */
    @Column(name = "token_version", nullable = false)
    public int tokenVersion;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "last_used_at", nullable = false)
    public Instant lastUsedAt;

    /** Absolute expiry; rotation never extends it. */
    @Column(name = "expires_at", nullable = false)
    public Instant expiresAt;

    @Column(name = "revoked_at")
    public Instant revokedAt;

    @Column(name = "revoked_reason")
    public String revokedReason;

    @Column(name = "user_agent")
    public String userAgent;

    @Column(name = "ip_address")
    public String ipAddress;

    /** Rotations so far: the generation of the current refresh token. */
    @Column(name = "refresh_generation", nullable = false, updatable = false)
    public long refreshGeneration;

    /** SHA-256 of the current refresh token; none for a service account's credential. */
    @Column(name = "refresh_hash", updatable = false)
    public byte[] refreshHash;

    @Column(name = "refresh_expires_at", updatable = false)
    public Instant refreshExpiresAt;

    /** When the previous token was rotated: the start of its grace window. */
    @Column(name = "refresh_rotated_at", updatable = false)
    public Instant refreshRotatedAt;

    /** The current token, sealed under the previous one (see {@link RefreshTokenCodec}). */
    @Column(name = "refresh_sealed", updatable = false)
    public byte[] refreshSealed;

    /** How the login was authenticated ({@code amr}, see AuthenticationMethods); every refresh keeps it. */
    @Column(nullable = false)
    public String[] amr;

    /** See {@link SessionState#isLive}, the one definition. */
    public boolean isLive(Instant now, int currentTokenVersion) {
        return SessionState.of(this).isLive(now, currentTokenVersion);
    }
}
