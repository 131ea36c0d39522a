package io.jwtauth.auth;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** Recent attempts on one throttled key (a hash of what is throttled: a client network, an email, ...). */
@Entity
@Table(name = "throttle")
class ThrottleCounter {

    @Id
    public byte[] key;

    @Column(nullable = false)
    public int attempts;

    @Column(name = "last_attempt", nullable = false)
    public Instant lastAttempt;
}
