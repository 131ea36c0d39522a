package io.jwtauth.auth;

import io.jwtauth.common.ClientInfo;
import io.jwtauth.common.ProblemException;
import io.jwtauth.common.SecurityEvents;
import io.jwtauth.session.IssuedRefreshToken;
import io.jwtauth.session.SessionService;
import io.jwtauth.user.PasswordHasher;
import io.jwtauth.user.User;
import io.jwtauth.user.UserAccounts;
import java.time.Clock;
import io.jwtauth.user.UserRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.Optional;

/**
 * Login (POST /auth/login): unknown email and wrong password are indistinguishable — same answer, same bcrypt
 * work; a disabled account is only revealed after a correct password; a lower-cost hash is upgraded.
 */
@ApplicationScoped
class LoginService {

    private final UserRepository users;
    private final PasswordHasher hasher;
    private final SessionService sessions;
    private final SecurityEvents events;
    private final LoginThrottle throttle;
    private final UserAccounts accounts;
    private final Clock clock;

    LoginService(UserRepository users, PasswordHasher hasher, SessionService sessions, SecurityEvents events,
            LoginThrottle throttle, UserAccounts accounts, Clock clock) {
        this.throttle = throttle;
        this.accounts = accounts;
        this.clock = clock;
        this.users = users;
        this.hasher = hasher;
        this.sessions = sessions;
        this.events = events;
    }

    IssuedRefreshToken login(String email, String password, ClientInfo client) {
        throttle.checkLogin(email, client);
        Optional<User> found = users.findByEmail(email);
        if (found.isEmpty()) {
            hasher.matchDummy(password);
            throw invalidCredentials(email, client);
        }
        User user = found.get();
        if (!hasher.matches(password, user.passwordHash)) {
            throw invalidCredentials(email, client);
        }
        throttle.loginSucceeded(email, client);
        if (!user.enabled) {
            events.loginFailed("account_disabled");
            throw new ProblemException(403, "account_disabled", "This account is disabled");
        }
        String upgraded = hasher.needsRehash(user.passwordHash) ? hasher.hash(password) : null;
        IssuedRefreshToken issued = open(user, upgraded, client);
        events.loginSucceeded(user.id, issued.session().id);
        return issued;
    }

    /** Opens the session; stores the re-hashed password unless the password changed meanwhile. */
    @Transactional
    IssuedRefreshToken open(User user, String upgradedHash, ClientInfo client) {
        User current = accounts.getForUpdate(user.id);
        if (upgradedHash != null && current.passwordHash.equals(user.passwordHash)) {
            current.passwordHash = upgradedHash;
            current.updatedAt = clock.instant();
        }
        return sessions.open(current, client);
    }

    private ProblemException invalidCredentials(String email, ClientInfo client) {
        throttle.loginFailed(email, client);
        events.loginFailed("invalid_credentials");
        return new ProblemException(401, "invalid_credentials", "The email or password is incorrect");
    }
}
