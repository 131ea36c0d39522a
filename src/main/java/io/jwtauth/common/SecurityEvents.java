package io.jwtauth.common;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Security events: one structured audit log line each (ids only, never a secret) and a Prometheus counter.
 */
@ApplicationScoped
public class SecurityEvents {

    private static final Logger AUDIT = Logger.getLogger("audit");

    private final MeterRegistry registry;
    /** Found once: a refresh is the hot path of writes, and a registry lookup builds tags and a map key each time. */
    private final Counter rotated;

    private final Counter withinGrace;

    SecurityEvents(MeterRegistry registry) {
        this.registry = registry;
        this.rotated = registry.counter("auth_refreshes_total", "outcome", "rotated");
        this.withinGrace = registry.counter("auth_refreshes_total", "outcome", "grace");
    }

    public void registered(UUID userId) {
        AUDIT.infof("event=user_registered user=%s", userId);
        registry.counter("auth_registrations_total").increment();
    }

    public void loginSucceeded(UUID userId, UUID sessionId) {
        AUDIT.infof("event=login_succeeded user=%s session=%s", userId, sessionId);
        registry.counter("auth_logins_total", "outcome", "success").increment();
    }

    /** A correct password for an account with MFA on: the login waits for its second factor. */
    public void secondFactorRequired(UUID userId) {
        AUDIT.infof("event=login_mfa_required user=%s", userId);
        registry.counter("auth_logins_total", "outcome", "mfa_required").increment();
    }

    /** A login succeeded from a device and network the account had not used within the window (a notice is mailed). */
    public void newDevice(UUID userId, UUID sessionId) {
        AUDIT.infof("event=login.new_device user=%s session=%s", userId, sessionId);
        registry.counter("auth_new_device_logins_total").increment();
    }

    /** MFA was turned on (by the account) or off (by the account or an admin, the actor). */
    public void mfaChanged(UUID userId, boolean enabled, UUID actorId) {
        AUDIT.infof("event=%s user=%s actor=%s", enabled ? "mfa_enabled" : "mfa_disabled", userId, actorId);
        registry.counter("auth_mfa_changes_total", "to", enabled ? "on" : "off").increment();
    }

    /** {@code reason}: invalid_credentials, account_disabled, invalid_mfa_code or invalid_mfa_token. */
    public void loginFailed(String reason) {
        AUDIT.infof("event=login_failed reason=%s", reason);
        registry.counter("auth_logins_total", "outcome", reason).increment();
    }

    /** A client id and secret that are no service account's (unknown client or wrong secret alike). */
    public void clientAuthenticationFailed() {
        AUDIT.info("event=client_authentication_failed");
        registry.counter("auth_client_authentications_total", "outcome", "invalid_client")
                .increment();
    }

    /** A service account was issued an access token (the client credentials grant). */
    public void clientTokenIssued(UUID clientId, UUID credentialId) {
        AUDIT.infof("event=client_token_issued client=%s session=%s", clientId, credentialId);
        registry.counter("auth_client_tokens_total").increment();
    }

    /** A password-reset link was mailed to the account; {@code actorId} is the admin who asked, or null. */
    public void passwordResetMailed(UUID userId, UUID actorId) {
        AUDIT.infof("event=password_reset_mailed user=%s actor=%s", userId, actorId);
        registry.counter("auth_account_recovery_total", "event", "reset_mailed").increment();
    }

    /** A password was set with a reset link. */
    public void passwordReset(UUID userId) {
        AUDIT.infof("event=password_reset user=%s", userId);
        registry.counter("auth_account_recovery_total", "event", "reset").increment();
    }

    /** An address was verified; {@code changed}: it is the account's new email (an email change completed). */
    public void emailVerified(UUID userId, boolean changed) {
        AUDIT.infof("event=%s user=%s", changed ? "email_changed" : "email_verified", userId);
        registry.counter("auth_account_recovery_total", "event", changed ? "email_changed" : "email_verified")
                .increment();
    }

    /** A login or registration was refused because its key is waiting (429). */
    public void throttled(String what) {
        AUDIT.infof("event=throttled what=%s", what);
        registry.counter("auth_throttled_total", "what", what).increment();
    }

    /**
     * Counted, not logged: every client refreshes once per access-token lifetime, so a line each would be the bulk of
     * the log (about 1,100 lines a second for a million active sessions) and a few percent of a refresh's CPU. What
     * matters for an audit is logged: logins, reuse (with the revoked session), revocations.
     */
    public void refreshed(boolean withinGrace) {
        (withinGrace ? this.withinGrace : rotated).increment();
    }

    public void refreshRefused(String reason) {
        registry.counter("auth_refreshes_total", "outcome", reason).increment();
    }

    public void reuseDetected(UUID userId, UUID sessionId) {
        AUDIT.warnf("event=refresh_token_reused user=%s session=%s", userId, sessionId);
        registry.counter("auth_refresh_reuse_detected_total").increment();
    }

    /**
     * A revocation. {@code kind}: logout, session_deleted, refresh_token_reused (one session); logout_all,
     * password_change, role_change, disabled, enabled, admin_revoke (every token of the user).
     */
    public void revoked(String kind, UUID actorId, UUID userId, UUID sessionId) {
        AUDIT.infof("event=revoked kind=%s actor=%s user=%s session=%s", kind, actorId, userId, sessionId);
        registry.counter("auth_revocations_total", "kind", kind).increment();
    }

    /** An admin did {@code action} to {@code target}. */
    public void adminAction(UUID actorId, String action, UUID targetId) {
        AUDIT.infof("event=admin_action action=%s actor=%s target=%s", action, actorId, targetId);
        registry.counter("auth_admin_actions_total", "action", action).increment();
    }
}
