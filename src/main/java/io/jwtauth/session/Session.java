package io.jwtauth.session;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** One login: the chain of refresh-token rotations from it. Its id is the {@code sid} claim of access tokens. */
@Entity
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

    /** How the login was authenticated ({@code amr}, see AuthenticationMethods); every refresh keeps it. */
    @Column(nullable = false)
    public String[] amr;

    /** See {@link SessionState#isLive}, the one definition. */
    public boolean isLive(Instant now, int currentTokenVersion) {
        return SessionState.of(this).isLive(now, currentTokenVersion);
    }
}
