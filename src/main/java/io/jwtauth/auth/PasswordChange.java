package io.jwtauth.auth;

import io.jwtauth.common.AccessTokenClaims;
import io.jwtauth.common.AuthenticationMethods;
import io.jwtauth.common.ClientInfo;
import io.jwtauth.session.AccessTokenChecks;
import io.jwtauth.session.IssuedRefreshToken;
import io.jwtauth.session.Revocations;
import io.jwtauth.session.SessionService;
import io.jwtauth.token.TokenRejection;
import io.jwtauth.user.PasswordHasher;
import io.jwtauth.user.PasswordPolicy;
import io.jwtauth.user.User;
import io.jwtauth.user.UserRepository;
import io.jwtauth.user.UserState;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;

/**
 * PUT /users/me/password: checks the current password (wrong guesses count towards the login throttle, so a stolen
 * access token does not allow unlimited guessing), stores the new one, kills every token of the user
 * (tokenVersion + 1), and opens a fresh session for the client that asked.
 *
 * <p>Both bcrypt runs happen before any transaction or row lock (hash first, then lock, re-check, write), so
 * concurrent changes hold database connections for milliseconds, not for bcrypt's quarter second. Under the row
 * locks the caller's token is checked again: if meanwhile the account was disabled, its tokens revoked (another
 * password change included) or the caller's session revoked, the token is refused now and nothing is stored.
 */
@ApplicationScoped
class PasswordChange {

    private final UserRepository users;
    private final Revocations revocations;
    private final PasswordHasher hasher;
    private final PasswordPolicy policy;
    private final CurrentPassword current;
    private final SessionService sessions;
    private final Clock clock;

    PasswordChange(
            UserRepository users,
            Revocations revocations,
            PasswordHasher hasher,
            PasswordPolicy policy,
            CurrentPassword current,
            SessionService sessions,
            Clock clock) {
        this.users = users;
        this.revocations = revocations;
        this.hasher = hasher;
        this.policy = policy;
        this.current = current;
        this.sessions = sessions;
        this.clock = clock;
    }

    IssuedRefreshToken change(AccessTokenClaims caller, String currentPassword, String newPassword, ClientInfo client) {
        User user = current.confirm(caller, currentPassword, client, "password_change");
        policy.check("newPassword", newPassword, user.email);
        return store(caller, hasher.hash(newPassword), client);
    }

    /**
     * Under the user's and the session's row locks: the caller's token must still be accepted. A password hash that
     * changed meanwhile without a tokenVersion bump was only re-hashed at a login (same password), so the current
     * password checked above is still the account's.
     */
    @Transactional
    IssuedRefreshToken store(AccessTokenClaims caller, String newHash, ClientInfo client) {
        User user = users.findForUpdate(caller.userId());
        if (!AccessTokenChecks.accepts(
                caller, UserState.of(user), sessions.lockedState(caller.sessionId()), clock.instant())) {
            throw TokenRejection.revokedDuringRequest();
        }
        user.passwordHash = newHash;
        revocations.revokeAllTokens(user, "password_change", user.id);
        return sessions.open(user, client, AuthenticationMethods.PASSWORD_ONLY);
    }
}
