package io.jwtauth.auth;

import io.jwtauth.common.AccessTokenClaims;
import io.jwtauth.common.ClientInfo;
import io.jwtauth.common.ProblemException;
import io.jwtauth.common.Problems;
import io.jwtauth.mfa.MfaEnrolment;
import io.jwtauth.mfa.SecondFactor;
import io.jwtauth.user.User;
import io.jwtauth.user.UserRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.UUID;

/**
 * DELETE /users/me/mfa: the account turns MFA off with its current password and a code (from the authenticator, or
 * a recovery code). Both guesses count like a login's — the password on the login keys ({@link CurrentPassword}), the
 * code on the second factor's ({@link Throttle#secondFactor}) — so a stolen access token buys no unlimited guessing.
 */
@ApplicationScoped
class MfaDisabling {

    private final CurrentPassword password;
    private final UserRepository users;
    private final Throttle throttle;
    private final SecondFactor secondFactor;
    private final MfaEnrolment enrolment;

    MfaDisabling(
            CurrentPassword password,
            UserRepository users,
            Throttle throttle,
            SecondFactor secondFactor,
            MfaEnrolment enrolment) {
        this.password = password;
        this.users = users;
        this.throttle = throttle;
        this.secondFactor = secondFactor;
        this.enrolment = enrolment;
    }

    void disable(AccessTokenClaims caller, String currentPassword, String code, ClientInfo client) {
        User user = password.confirm(caller, currentPassword, client, "mfa_disable");
        Throttle.Reservation reservation =
                throttle.reserve("mfa_disable", throttle.secondFactor(user.id, client, false));
        turnOff(user.id, code, reservation);
    }

    /** Under the account's row lock: MFA must be on and the code right and unused. */
    @Transactional(dontRollbackOn = ProblemException.class)
    void turnOff(UUID userId, String code, Throttle.Reservation reservation) {
        User user = users.findForUpdate(userId);
        boolean right =
                user.mfaEnabled && (secondFactor.useTotp(user.id, code) || secondFactor.useRecoveryCode(user.id, code));
        if (!right) {
            throw Problems.WRONG_MFA_CODE.exception();
        }
        throttle.succeeded(reservation);
        enrolment.turnOff(user, user.id, false);
    }
}
