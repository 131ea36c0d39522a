package io.jwtauth.user;

import io.jwtauth.auth.LoginThrottle;
import io.jwtauth.common.ClientInfo;
import io.jwtauth.common.ProblemException;
import io.jwtauth.common.SecurityEvents;
import io.jwtauth.session.IssuedRefreshToken;
import io.jwtauth.session.RevocationCache;
import io.jwtauth.session.SessionService;
import io.jwtauth.token.AccessTokenChecks;
import io.jwtauth.token.AccessTokenClaims;
import io.jwtauth.token.TokenRejection;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import jakarta.persistence.LockModeType;
import java.util.UUID;

/**
 * Changes to an account that end its tokens: every one of them goes through a tokenVersion bump, which kills
 * every access and refresh token the user holds (logout-all, password change, and the admin actions).
 */
@ApplicationScoped
public class UserAccounts {

    private final UserRepository users;
    private final PasswordHasher hasher;
    private final PasswordPolicy policy;
    private final SessionService sessions;
    private final RevocationCache cache;
    private final SecurityEvents events;
    private final Clock clock;
    private final LoginThrottle throttle;

    UserAccounts(UserRepository users, PasswordHasher hasher, PasswordPolicy policy, SessionService sessions,
            RevocationCache cache, SecurityEvents events, Clock clock, LoginThrottle throttle) {
        this.throttle = throttle;
        this.users = users;
        this.hasher = hasher;
        this.policy = policy;
        this.sessions = sessions;
        this.cache = cache;
        this.events = events;
        this.clock = clock;
    }

    public User get(UUID id) {
        return users.findByIdOptional(id).orElseThrow(() -> ProblemException.notFound("User"));
    }

    /**
     * The user's view. From the verification cache, warm for any authenticated caller, without leaving the
     * event loop (no query, no thread hop); loaded on a worker thread in the rare case it was evicted meanwhile.
     */
    public Uni<UserView> view(UUID id) {
        RevocationCache.UserState state = cache.peekUser(id);
        if (state != null) {
            return Uni.createFrom().item(state.view());
        }
        return Uni.createFrom().item(() -> {
            RevocationCache.UserState loaded = cache.loadUser(id);
            if (loaded == null) {
                throw ProblemException.notFound("User");
            }
            return loaded.view();
        }).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    /**
     * The user, its row locked until the transaction ends. Every change to a user starts here, so concurrent
     * changes (an admin disabling while the user changes the password) apply one after the other instead of
     * overwriting each other with stale values.
     */
    public User getForUpdate(UUID id) {
        return users.findByIdOptional(id, LockModeType.PESSIMISTIC_WRITE)
                .orElseThrow(() -> ProblemException.notFound("User"));
    }

    /** tokenVersion + 1: every access and refresh token of the user dies. */
    @Transactional
    public User revokeAllTokens(UUID userId, String kind, UUID actorId) {
        User user = getForUpdate(userId);
        bump(user, kind, actorId);
        return user;
    }

    /**
     * Checks the current password (wrong guesses count towards the login throttle, so a stolen access token
     * does not allow unlimited guessing), stores the new one, kills every token of the user, and opens a fresh session
     * for the client that asked.
     *
     * <p>The caller's token was checked before this request reached the row locks; if meanwhile the account was
     * disabled, its tokens revoked or the caller's session revoked (an admin or the reuse detection acting on a
     * stolen token), the token is refused now, and no password is stored nor session opened.
     */
    @Transactional
    public IssuedRefreshToken changePassword(AccessTokenClaims caller, String currentPassword, String newPassword,
            ClientInfo client) {
        User user = getForUpdate(caller.userId());
        if (!AccessTokenChecks.accepts(caller, RevocationCache.UserState.of(user),
                sessions.lockedState(caller.sessionId()), clock.instant())) {
            throw TokenRejection.revokedDuringRequest();
        }
        throttle.checkLogin(user.email, client);
        if (!hasher.matches(currentPassword, user.passwordHash)) {
            throttle.loginFailed(user.email, client);
            throw new ProblemException(403, "invalid_credentials", "The current password is incorrect");
        }
        policy.check("newPassword", newPassword, user.email);
        user.passwordHash = hasher.hash(newPassword);
        bump(user, "password_change", user.id);
        return sessions.open(user, client);
    }

    void bump(User user, String kind, UUID actorId) {
        user.bumpTokenVersion(clock.instant());
        cache.userChanged(user.id);
        events.revoked(kind, actorId, user.id, null);
    }
}
