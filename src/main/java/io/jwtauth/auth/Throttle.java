package io.jwtauth.auth;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** Recent failures of one throttled key (a hash of a client IP, or of an email and a client IP). */
@Entity
@Table(name = "throttle")
class Throttle {

    @Id
    public byte[] key;

    @Column(nullable = false)
    public int failures;

    @Column(name = "last_failure", nullable = false)
    public Instant lastFailure;

    @Column(name = "blocked_until")
    public Instant blockedUntil;
}
