package io.jwtauth.mfa;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/**
 * An account's TOTP authenticator: its secret, sealed ({@link TotpSecrets}), and the last time step whose code was
 * accepted. Pending until the account's {@code mfaEnabled} is set by a confirmed first code.
 */
@Entity
@Table(name = "mfa_totp")
class Authenticator {

    @Id
    @Column(name = "user_id")
    public UUID userId;

    @Column(name = "secret_sealed", nullable = false)
    public byte[] secretSealed;

    @Column(name = "last_used_step")
    public Long lastUsedStep;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;
}
