package io.jwtauth.user;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jwtauth.common.ProblemException;
import io.jwtauth.support.Accounts;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * GET /users/me answers from the verification cache, which authenticating the caller has just warmed; when the
 * entry was dropped in between (an eviction, a NOTIFY from another instance), the view is loaded instead. That
 * interleaving cannot be arranged through HTTP, so this drives {@link UserStates#view} with a cold cache.
 */
@QuarkusTest
class UserViewWithoutCacheTest {

    @Inject
    UserStates states;

    @Test
    void aUserMissingFromTheCacheIsLoadedAndCached() {
        Accounts.Account account = Accounts.register("cold-view");
        UUID id = UUID.fromString(account.id());
        assertNull(states.peek(id), "registering does not warm the verification cache");

        UserView view = states.view(id).await().atMost(Duration.ofSeconds(10));

        assertEquals(account.email(), view.email());
        assertNotNull(states.peek(id));
    }

    @Test
    void anUnknownUserIsNotFound() {
        ProblemException e = assertThrows(
                ProblemException.class,
                () -> states.view(UUID.randomUUID()).await().atMost(Duration.ofSeconds(10)));
        assertEquals(404, e.status());
    }
}
