package io.jwtauth.auth;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A login past its password, waiting for the second factor: the SHA-256 of its mfa_token, and wrong codes so far. */
@Entity
@Table(name = "mfa_challenges")
class MfaChallenge {

    @Id
    @Column(name = "token_hash")
    public byte[] tokenHash;

    @Column(name = "user_id", nullable = false)
    public UUID userId;

    @Column(name = "expires_at", nullable = false)
    public Instant expiresAt;

    @Column(nullable = false)
    public int failures;
}
