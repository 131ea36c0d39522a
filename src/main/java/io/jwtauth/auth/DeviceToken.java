package io.jwtauth.auth;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A client that logged in to an account successfully; stored only as the SHA-256 of its opaque token. */
@Entity
@Table(name = "device_tokens")
class DeviceToken {

    @Id
    @Column(name = "token_hash")
    public byte[] tokenHash;

    @Column(name = "user_id", nullable = false)
    public UUID userId;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "expires_at", nullable = false)
    public Instant expiresAt;
}
