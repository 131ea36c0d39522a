package io.jwtauth.session;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** One opaque refresh token, stored only as its SHA-256 hash; single use, its successor kept sealed. */
@Entity
@Table(name = "refresh_tokens")
public class RefreshToken {

    @Id
    public UUID id;

    @Column(name = "session_id", nullable = false)
    public UUID sessionId;

    @Column(name = "token_hash", nullable = false)
    public byte[] tokenHash;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "expires_at", nullable = false)
    public Instant expiresAt;

    /** When it was rotated; a rotated token presented after the grace window is reuse. */
    @Column(name = "used_at")
    public Instant usedAt;

    /** The successor token, sealed under a key derived from this token (see {@link RefreshTokenCodec}). */
    @Column(name = "successor_sealed")
    public byte[] successorSealed;
}
