package io.jwtauth.mfa;

import io.jwtauth.common.AuthConfig;
import io.jwtauth.common.ProblemException;
import io.jwtauth.common.Problems;
import io.jwtauth.common.SecurityEvents;
import io.jwtauth.mail.MailOutbox;
import io.jwtauth.session.SessionService;
import io.jwtauth.user.AccountUpdated;
import io.jwtauth.user.User;
import io.jwtauth.user.UserRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.transaction.Transactional;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Turning MFA on and off. Enrolment is pending (an authenticator whose secret the caller was shown once) until a first
 * code confirms it: then MFA is on, recovery codes are handed out once, and every other session of the account is
 * revoked. Turning it off (by the account, or by an admin for a lost device) forgets the authenticator and the codes
 * and mails a notice. Every change takes the account's row lock first.
 */
@ApplicationScoped
public class MfaEnrolment {

    /** A pending enrolment: the secret (base32) and the otpauth URI an authenticator app scans. Shown once. */
    public record Pending(String secret, String otpauthUri) {}

    static final String MAIL_TEMPLATE = "mfa-disabled";

    private final UserRepository users;
    private final AuthenticatorRepository authenticators;
    private final RecoveryCodes recoveryCodes;
    private final SecondFactor secondFactor;
    private final TotpSecrets secrets;
    private final SessionService sessions;
    private final MailOutbox mail;
    private final SecurityEvents events;
    private final Event<AccountUpdated> updated;
    private final AuthConfig.Mfa config;
    private final Clock clock;

    MfaEnrolment(
            UserRepository users,
            AuthenticatorRepository authenticators,
            RecoveryCodes recoveryCodes,
            SecondFactor secondFactor,
            TotpSecrets secrets,
            SessionService sessions,
            MailOutbox mail,
            SecurityEvents events,
            Event<AccountUpdated> updated,
            AuthConfig config,
            Clock clock) {
        this.users = users;
        this.authenticators = authenticators;
        this.recoveryCodes = recoveryCodes;
        this.secondFactor = secondFactor;
        this.secrets = secrets;
        this.sessions = sessions;
        this.mail = mail;
        this.events = events;
        this.updated = updated;
        this.config = config.mfa();
        this.clock = clock;
    }

    /** A new pending authenticator for the account (replacing a pending one); 409 if MFA is already on. */
    @Transactional
    public Pending begin(UUID userId) {
        User user = lockedAccount(userId);
        if (user.mfaEnabled) {
            throw Problems.MFA_ALREADY_ENABLED.exception();
        }
        byte[] secret = secrets.generate();
        authenticators.replace(userId, secrets.seal(userId, secret), clock.instant());
        String base32 = Base32.encode(secret);
        return new Pending(base32, otpauthUri(user.email, base32));
    }

    /**
     * Confirms the pending authenticator with a code from it: MFA on, recovery codes returned (the only time they are
     * seen), every session of the account but {@code currentSession} revoked. 400 invalid_mfa_code for a wrong code
     * or no pending authenticator; 409 if MFA is on already.
     */
    @Transactional(dontRollbackOn = ProblemException.class)
    public List<String> confirm(UUID userId, UUID currentSession, String code) {
        User user = lockedAccount(userId);
        if (user.mfaEnabled) {
            throw Problems.MFA_ALREADY_ENABLED.exception();
        }
        if (authenticators.sealedSecret(userId).isEmpty()) {
            throw Problems.INVALID_ENROLMENT_CODE.exception(
                    "No authenticator is waiting for confirmation; start with POST /users/me/mfa/totp");
        }
        if (!secondFactor.useTotp(userId, code)) {
            throw Problems.INVALID_ENROLMENT_CODE.exception();
        }
        user.mfaEnabled = true;
        user.updatedAt = clock.instant();
        users.update(user);
        List<String> codes = recoveryCodes.replace(userId, config.recoveryCodes());
        sessions.revokeOthers(userId, currentSession, "mfa_enabled");
        updated.fire(new AccountUpdated(userId));
        events.mfaChanged(userId, true, userId);
        return codes;
    }

    /**
     * Forgets the account's authenticator (pending or not) and recovery codes; if MFA was on, it is off now and the
     * account is mailed a notice naming who did it ({@code byAdmin}). Returns whether it was on. In the caller's
     * transaction, with the account's row locked.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean turnOff(User lockedUser, UUID actorId, boolean byAdmin) {
        authenticators.delete(lockedUser.id);
        recoveryCodes.deleteAll(lockedUser.id);
        if (!lockedUser.mfaEnabled) {
            return false;
        }
        Instant now = clock.instant();
        lockedUser.mfaEnabled = false;
        lockedUser.updatedAt = now;
        users.update(lockedUser);
        mail.enqueue(
                lockedUser.email,
                MAIL_TEMPLATE,
                Map.of(
                        "email",
                        lockedUser.email,
                        "by",
                        byAdmin ? "an administrator" : "you (with your password and a code)",
                        "at",
                        now.truncatedTo(ChronoUnit.SECONDS).toString()));
        updated.fire(new AccountUpdated(lockedUser.id));
        events.mfaChanged(lockedUser.id, false, actorId);
        return true;
    }

    private User lockedAccount(UUID userId) {
        User user = users.findForUpdate(userId);
        if (user.isClient()) {
            // a service account (with role user) authenticates with its secret, never interactively
            throw Problems.FORBIDDEN.exception("A service account has no second factor");
        }
        return user;
    }

    /** The Key URI Format authenticator apps read: {@code otpauth://totp/Issuer:account?secret=...&issuer=...}. */
    private String otpauthUri(String email, String base32Secret) {
        String issuer = config.issuer();
        return "otpauth://totp/" + encode(issuer) + ":" + encode(email) + "?secret=" + base32Secret + "&issuer="
                + encode(issuer) + "&algorithm=SHA1&digits=" + Totp.DIGITS + "&period=" + Totp.STEP_SECONDS;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
