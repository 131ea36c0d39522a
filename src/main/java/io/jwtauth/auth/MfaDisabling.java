package io.jwtauth.auth;

import io.jwtauth.common.AccessTokenClaims;
import io.jwtauth.common.ClientInfo;
import io.jwtauth.common.ProblemException;
import io.jwtauth.common.Problems;
import io.jwtauth.mfa.MfaEnrolment;
import io.jwtauth.mfa.SecondFactor;
import io.jwtauth.token.TokenRejection;
import io.jwtauth.user.PasswordHasher;
import io.jwtauth.user.User;
import io.jwtauth.user.UserRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.List;

/**
 * DELETE /users/me/mfa: the account turns MFA off with its current password and a code (from the authenticator, or
 * a recovery code). Both guesses count like a login's — the password on the login keys, the code on the second
 * factor's — so a stolen access token buys no unlimited guessing; bcrypt runs before any transaction. A wrong password
 * or code is 403 either way.
 */
@ApplicationScoped
class MfaDisabling {

    private final UserRepository users;
    private final PasswordHasher hasher;
    private final Throttle throttle;
    private final SecondFactor secondFactor;
    private final MfaEnrolment enrolment;

    MfaDisabling(
            UserRepository users,
            PasswordHasher hasher,
            Throttle throttle,
            SecondFactor secondFactor,
            MfaEnrolment enrolment) {
        this.users = users;
        this.hasher = hasher;
        this.throttle = throttle;
        this.secondFactor = secondFactor;
        this.enrolment = enrolment;
    }

    void disable(AccessTokenClaims caller, String currentPassword, String code, ClientInfo client) {
        User user = read(caller);
        if (user.isClient()) {
            throw Problems.WRONG_PASSWORD_OR_CODE.exception("A service account has no password or second factor");
        }
        Throttle.Reservation reservation;
        boolean correct;
        try (PasswordHasher.Slot check = hasher.admit(PasswordHasher.Work.CHECK)) {
            reservation = throttle.reserve(
                    "mfa_disable",
                    List.of(
                            throttle.login(user.email, client),
                            throttle.loginFrom(client),
                            throttle.secondFactor(user.id, client),
                            throttle.secondFactorAnywhere(user.id)));
            correct = check.matches(currentPassword, user.passwordHash);
        }
        if (!correct) {
            throw Problems.WRONG_PASSWORD_OR_CODE.exception();
        }
        turnOff(caller, code, reservation);
    }

    @Transactional
    User read(AccessTokenClaims caller) {
        return users.findByIdOptional(caller.userId()).orElseThrow(TokenRejection::revokedDuringRequest);
    }

    /** Under the account's row lock: the code must be right and unused, and MFA on. */
    @Transactional(dontRollbackOn = ProblemException.class)
    void turnOff(AccessTokenClaims caller, String code, Throttle.Reservation reservation) {
        User user = users.findForUpdate(caller.userId());
        boolean right =
                user.mfaEnabled && (secondFactor.useTotp(user.id, code) || secondFactor.useRecoveryCode(user.id, code));
        if (!right) {
            throw Problems.WRONG_PASSWORD_OR_CODE.exception();
        }
        throttle.succeeded(reservation);
        enrolment.turnOff(user, user.id, false);
    }
}
