package io.jwtauth.mfa;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.util.UUID;

/** An unused recovery code, stored only as its keyed hash ({@link RecoveryCodes}); deleted when used. */
@Entity
@Table(name = "mfa_recovery_codes")
class RecoveryCode {

    @Id
    @Column(name = "code_hash")
    public byte[] codeHash;

    @Column(name = "user_id", nullable = false)
    public UUID userId;
}
