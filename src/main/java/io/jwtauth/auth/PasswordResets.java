package io.jwtauth.auth;

import io.jwtauth.common.ClientInfo;
import io.jwtauth.common.Problems;
import io.jwtauth.common.SecurityEvents;
import io.jwtauth.mail.MailOutbox;
import io.jwtauth.session.Revocations;
import io.jwtauth.user.PasswordHasher;
import io.jwtauth.user.PasswordPolicy;
import io.jwtauth.user.User;
import io.jwtauth.user.UserRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Password reset: a link mailed to the account's address (asked for by anyone who names the address, or by an
 * admin), and the new password set with it.
 *
 * <p>Asking never reveals whether the address has an account: the same answer, and no mail is sent in the request
 * (it is queued, in the transaction that stores the token), so both take about one short transaction; both count
 * alike per address and per client network. Setting the password uses the link once (two requests at once: one
 * wins), applies the password policy, revokes every token of the account (tokenVersion + 1, through
 * {@link Revocations}), marks the address verified (the link reached it) and mails a notice. A link mailed to an
 * address the account no longer has is dead. It changes nothing else about the account (MFA, roles, enabled).
 */
@ApplicationScoped
public class PasswordResets {

    static final String RESET_TEMPLATE = "password-reset";
    static final String CHANGED_TEMPLATE = "password-changed";

    private final UserRepository users;
    private final AccountTokens tokens;
    private final MailOutbox outbox;
    private final Throttle throttle;
    private final PasswordPolicy policy;
    private final PasswordHasher hasher;
    private final Revocations revocations;
    private final SecurityEvents events;

    PasswordResets(
            UserRepository users,
            AccountTokens tokens,
            MailOutbox outbox,
            Throttle throttle,
            PasswordPolicy policy,
            PasswordHasher hasher,
            Revocations revocations,
            SecurityEvents events) {
        this.users = users;
        this.tokens = tokens;
        this.outbox = outbox;
        this.throttle = throttle;
        this.policy = policy;
        this.hasher = hasher;
        this.revocations = revocations;
        this.events = events;
    }

    /** POST /auth/password-reset: {@code email} is normalised; a link is mailed if it is an enabled account's. */
    void request(String email, ClientInfo client) {
        throttle.reserve("password_reset", List.of(throttle.passwordReset(email), throttle.passwordResetFrom(client)));
        mailIfAccount(email);
    }

    @Transactional
    void mailIfAccount(String email) {
        users.findByEmail(email).filter(u -> !u.isClient() && u.enabled).ifPresent(u -> mail(u, null));
    }

    /** POST /admin/users/{id}/password-reset: a link mailed to the account; 404 if there is no such account. */
    @Transactional
    public void requestByAdmin(UUID userId, UUID adminId) {
        mail(users.findAccount(userId).orElseThrow(() -> Problems.NOT_FOUND.exception("User not found")), adminId);
    }

    private void mail(User user, UUID actorId) {
        AccountTokens.Issued issued = tokens.issue(user.id, AccountTokens.Purpose.PASSWORD_RESET, user.email);
        outbox.enqueue(user.email, RESET_TEMPLATE, issued.mailValues(user.email));
        events.passwordResetMailed(user.id, actorId);
    }

    /**
     * POST /auth/password-reset/confirm. A dead token is refused before any bcrypt work; the token is used up only
     * in the transaction that stores the password hashed before it.
     */
    void confirm(String token, String newPassword) {
        AccountTokenRepository.Holder holder = tokens.holder(token, AccountTokens.Purpose.PASSWORD_RESET)
                .orElseThrow(Problems.INVALID_RESET_TOKEN::exception);
        policy.check("newPassword", newPassword, holder.email());
        store(token, hasher.hash(newPassword));
    }

    @Transactional
    void store(String token, String newHash) {
        AccountTokenRepository.Holder holder = tokens.consume(token, AccountTokens.Purpose.PASSWORD_RESET)
                .orElseThrow(Problems.INVALID_RESET_TOKEN::exception);
        User user = users.findForUpdate(holder.userId());
        if (!holder.email().equals(user.email)) {
            throw Problems.INVALID_RESET_TOKEN.exception(); // mailed to an address the account has left since
        }
        user.passwordHash = newHash;
        user.emailVerified = true;
        revocations.revokeAllTokens(user, "password_reset", user.id);
        outbox.enqueue(user.email, CHANGED_TEMPLATE, Map.of("email", user.email));
        events.passwordReset(user.id);
    }
}
