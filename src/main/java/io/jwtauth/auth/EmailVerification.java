package io.jwtauth.auth;

import io.jwtauth.common.Problems;
import io.jwtauth.common.SecurityEvents;
import io.jwtauth.mail.MailOutbox;
import io.jwtauth.user.AccountUpdated;
import io.jwtauth.user.User;
import io.jwtauth.user.UserRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.List;
import java.util.UUID;

/**
 * Proving an address: a link mailed to it (at registration, on request, or to the new address of an email change),
 * used once. Used for the account's own address, it marks it verified; for another address (an email change), that
 * address becomes the account's email, verified. Nothing is revoked: tokens issued before carry the old {@code upn}
 * and {@code email_verified} until they expire (at most the access-token lifetime).
 */
@ApplicationScoped
class EmailVerification {

    static final String TEMPLATE = "email-verification";

    private final UserRepository users;
    private final AccountTokens tokens;
    private final MailOutbox outbox;
    private final Throttle throttle;
    private final Event<AccountUpdated> updated;
    private final SecurityEvents events;
    private final Clock clock;

    EmailVerification(
            UserRepository users,
            AccountTokens tokens,
            MailOutbox outbox,
            Throttle throttle,
            Event<AccountUpdated> updated,
            SecurityEvents events,
            Clock clock) {
        this.users = users;
        this.tokens = tokens;
        this.outbox = outbox;
        this.throttle = throttle;
        this.updated = updated;
        this.events = events;
        this.clock = clock;
    }

    /** Mails a verification link for {@code address} to it, in the caller's transaction; older links die. */
    @Transactional(Transactional.TxType.MANDATORY)
    void mail(User user, String address) {
        AccountTokens.Issued issued = tokens.issue(user.id, AccountTokens.Purpose.EMAIL_VERIFICATION, address);
        outbox.enqueue(address, TEMPLATE, issued.mailValues(address));
    }

    /**
     * POST /users/me/email/verification: a new link to the account's address (none if it is verified already), at
     * most as often as the account's throttle allows.
     */
    void resend(UUID userId) {
        throttle.reserve("verification_mail", List.of(throttle.verificationMail(userId)));
        resendNow(userId);
    }

    @Transactional
    void resendNow(UUID userId) {
        User user = users.findForUpdate(userId);
        if (user.isClient()) {
            throw Problems.FORBIDDEN.exception("A service account has no email");
        }
        if (!user.emailVerified) {
            mail(user, user.email);
        }
    }

    /** POST /auth/verify-email: 400 invalid_verification_token, or 409 email_taken if the new address was taken. */
    @Transactional
    void verify(String token) {
        AccountTokenRepository.Holder holder = tokens.consume(token, AccountTokens.Purpose.EMAIL_VERIFICATION)
                .orElseThrow(Problems.INVALID_VERIFICATION_TOKEN::exception);
        User user = users.findForUpdate(holder.userId());
        boolean change = !holder.email().equals(user.email);
        if (change && users.emailTaken(holder.email())) {
            throw Problems.EMAIL_TAKEN.exception();
        }
        user.email = holder.email();
        user.emailVerified = true;
        user.updatedAt = clock.instant();
        users.update(user); // 409 as well if a registration racing this change took the address
        updated.fire(new AccountUpdated(user.id));
        events.emailVerified(user.id, change);
    }
}
