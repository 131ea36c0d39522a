package io.jwtauth.auth;

import io.jwtauth.common.AccessTokenClaims;
import io.jwtauth.common.ClientInfo;
import io.jwtauth.common.Problems;
import io.jwtauth.mail.MailOutbox;
import io.jwtauth.user.User;
import io.jwtauth.user.UserRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.Map;

/**
 * PUT /users/me/email: with the current password, a verification link goes to the new address and a notice to the
 * old one; the account's email changes only when the link is used ({@link EmailVerification#verify}).
 */
@ApplicationScoped
class EmailChange {

    static final String NOTICE_TEMPLATE = "email-change-notice";

    private final UserRepository users;
    private final CurrentPassword current;
    private final EmailVerification verification;
    private final MailOutbox outbox;

    EmailChange(UserRepository users, CurrentPassword current, EmailVerification verification, MailOutbox outbox) {
        this.users = users;
        this.current = current;
        this.verification = verification;
        this.outbox = outbox;
    }

    /** {@code newEmail} is normalised. */
    void request(AccessTokenClaims caller, String newEmail, String currentPassword, ClientInfo client) {
        current.confirm(caller, currentPassword, client, "email_change");
        mail(caller, newEmail);
    }

    @Transactional
    void mail(AccessTokenClaims caller, String newEmail) {
        User user = users.findForUpdate(caller.userId());
        if (newEmail.equals(user.email)) {
            throw Problems.invalidField("newEmail", "is already the account's email");
        }
        if (users.emailTaken(newEmail)) {
            throw Problems.EMAIL_TAKEN.exception();
        }
        verification.mail(user, newEmail);
        outbox.enqueue(user.email, NOTICE_TEMPLATE, Map.of("email", user.email, "newEmail", newEmail));
    }
}
