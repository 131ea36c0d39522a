package io.jwtauth.auth;

import io.jwtauth.common.AccessTokenClaims;
import io.jwtauth.common.ClientInfo;
import io.jwtauth.common.Problems;
import io.jwtauth.token.TokenRejection;
import io.jwtauth.user.PasswordHasher;
import io.jwtauth.user.User;
import io.jwtauth.user.UserRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.List;

/**
 * The current password a signed-in caller re-enters to change something (password, email): wrong guesses count
 * towards the login throttle, so a stolen access token does not allow unlimited guessing; bcrypt runs outside any
 * transaction. A service account has no password: always refused.
 */
@ApplicationScoped
class CurrentPassword {

    private final UserRepository users;
    private final PasswordHasher hasher;
    private final Throttle throttle;

    CurrentPassword(UserRepository users, PasswordHasher hasher, Throttle throttle) {
        this.users = users;
        this.hasher = hasher;
        this.throttle = throttle;
    }

    /**
     * The caller's account, once {@code password} is found to be its current password: 403 invalid_credentials if
     * not, 429 while its keys wait. {@code what} names the attempt for the throttle.
     */
    User confirm(AccessTokenClaims caller, String password, ClientInfo client, String what) {
        User user = account(caller);
        check(user, password, client, what);
        return user;
    }

    /** The caller's account as it is now (its token was refused meanwhile if it is gone). */
    @Transactional // not private: the interceptor skips private methods
    User account(AccessTokenClaims caller) {
        return users.findByIdOptional(caller.userId()).orElseThrow(TokenRejection::revokedDuringRequest);
    }

    private void check(User user, String password, ClientInfo client, String what) {
        if (user.isClient()) {
            // a service account (with role user) has no password; its secret is rotated by an admin
            throw Problems.WRONG_CURRENT_PASSWORD.exception("A service account has no password");
        }
        Throttle.Reservation reservation;
        boolean correct;
        try (PasswordHasher.Slot check = hasher.admit(PasswordHasher.Work.CHECK)) {
            reservation =
                    throttle.reserve(what, List.of(throttle.login(user.email, client), throttle.loginFrom(client)));
            correct = check.matches(password, user.passwordHash);
        }
        if (!correct) {
            throw Problems.WRONG_CURRENT_PASSWORD.exception();
        }
        throttle.succeeded(reservation);
    }
}
