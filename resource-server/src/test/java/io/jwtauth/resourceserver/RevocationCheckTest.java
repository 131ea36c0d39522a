package io.jwtauth.resourceserver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jwtauth.resourceserver.ResourceServerConfig.WhenStale;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.junit.jupiter.api.Test;

/**
 * The check and the readiness rule around a feed that never reached the auth service (nothing listens at its URL and
 * it is not started): what each setting does before the first snapshot and once the state is stale.
 */
class RevocationCheckTest {

    private final TestConfig config = new TestConfig(URI.create("http://127.0.0.1:1"));
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final MovableClock clock = new MovableClock();
    private RevocationFeed feed;

    @Test
    void withRefuseATokenIsRefusedWhileTheStateIsNotCurrentAndTheRefusalIsCounted() {
        config.whenStale = WhenStale.REFUSE;
        RevocationCheck check = check();
        assertThrows(
                AuthenticationFailedException.class,
                () -> check.augment(identity(), null).await().indefinitely());
        assertEquals(
                1.0,
                registry.get("jwt.auth.tokens.refused")
                        .tag("reason", "feed_stale")
                        .counter()
                        .count());
        assertEquals(HealthCheckResponse.Status.DOWN, readiness().call().getStatus());
    }

    @Test
    void withAcceptATokenIsAcceptedAndReadinessWaitsForTheFirstSnapshotAtMostMaxStaleness() {
        RevocationCheck check = check();
        SecurityIdentity identity = identity();
        assertSame(identity, check.augment(identity, null).await().indefinitely());
        FeedReadiness readiness = readiness();
        assertEquals(HealthCheckResponse.Status.DOWN, readiness.call().getStatus());
        clock.now = clock.now.plus(config.maxStaleness).plusNanos(1); // the first instant past max-staleness
        assertEquals(HealthCheckResponse.Status.UP, readiness.call().getStatus());
    }

    @Test
    void disabledTheLibraryChecksNothingAndIsReady() {
        config.enabled = false;
        config.whenStale = WhenStale.REFUSE;
        SecurityIdentity identity = identity();
        assertSame(identity, check().augment(identity, null).await().indefinitely());
        assertEquals(HealthCheckResponse.Status.UP, readiness().call().getStatus());
    }

    @Test
    void anAnonymousRequestIsLeftAlone() {
        config.whenStale = WhenStale.REFUSE;
        SecurityIdentity anonymous =
                QuarkusSecurityIdentity.builder().setAnonymous(true).build();
        assertSame(anonymous, check().augment(anonymous, null).await().indefinitely());
    }

    private RevocationCheck check() {
        return new RevocationCheck(feed(), new FeedMetrics(registry, feed(), config), config);
    }

    private FeedReadiness readiness() {
        return new FeedReadiness(feed(), config);
    }

    private RevocationFeed feed() {
        if (feed == null) {
            feed = new RevocationFeed(config, clock);
        }
        return feed;
    }

    private static SecurityIdentity identity() {
        long now = Instant.now().getEpochSecond();
        return QuarkusSecurityIdentity.builder()
                .setPrincipal(new Token(Map.of("sub", "u", "sid", "s", "iat", now, "exp", now + 900)))
                .addRoles(Set.of("user"))
                .build();
    }

    /** A verified token as MicroProfile JWT hands it over, reduced to its claims. */
    private record Token(Map<String, Object> claims) implements JsonWebToken {
        @Override
        public String getName() {
            return (String) claims.get("sub");
        }

        @Override
        public Set<String> getClaimNames() {
            return claims.keySet();
        }

        @Override
        @SuppressWarnings("unchecked")
        public <T> T getClaim(String name) {
            return (T) claims.get(name);
        }
    }

    private static final class MovableClock extends Clock {
        Instant now = Instant.parse("2026-11-30T10:00:00Z");

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
