package io.jwtauth.user;

import io.jwtauth.common.Problems;
import io.jwtauth.common.ProblemException;
import io.jwtauth.common.SecurityEvents;
import io.jwtauth.session.RevocationCache;
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
    private final RevocationCache cache;
    private final SecurityEvents events;
    private final Clock clock;

    UserAccounts(UserRepository users, RevocationCache cache, SecurityEvents events, Clock clock) {
        this.users = users;
        this.cache = cache;
        this.events = events;
        this.clock = clock;
    }

    public User get(UUID id) {
        return users.findByIdOptional(id).orElseThrow(() -> Problems.NOT_FOUND.exception("User not found"));
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
                throw Problems.NOT_FOUND.exception("User not found");
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
                .orElseThrow(() -> Problems.NOT_FOUND.exception("User not found"));
    }

    /** tokenVersion + 1: every access and refresh token of the user dies. */
    @Transactional
    public User revokeAllTokens(UUID userId, String kind, UUID actorId) {
        User user = getForUpdate(userId);
        bump(user, kind, actorId);
        return user;
    }

    void bump(User user, String kind, UUID actorId) {
        user.bumpTokenVersion(clock.instant());
        cache.userChanged(user.id);
        events.revoked(kind, actorId, user.id, null);
    }
}
