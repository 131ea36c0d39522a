package io.jwtauth.resourceserver;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.time.Duration;

/**
 * Every setting of the library, under the {@code jwt-auth.} prefix. An application sets the first three (the auth
 * service's URL and this API's client credentials); the rest have defaults that suit the auth service's own.
 */
@ConfigMapping(prefix = "jwt-auth")
public interface ResourceServerConfig {

    /**
     * The auth service's base URL, e.g. {@code http://jwt-auth-service:8080}: the JWKS, the token endpoint and the
     * revocation events are read below it ({@code JWT_AUTH_URL}).
     */
    URI url();

    /** This API's client id: a service account of the auth service holding the role {@code resource-server}. */
    String clientId();

    /** That client's secret (from a Secret, {@code JWT_AUTH_CLIENT_SECRET}); never logged. */
    String clientSecret();

    /**
     * {@code false} turns the library off: no revocation feed and no revocation check, plain MicroProfile JWT (a
     * revoked token is accepted until it expires). For a benchmark's baseline or tests without an auth service.
     */
    @WithDefault("true")
    boolean enabled();

    /**
     * The longest lifetime ({@code exp - iat}) of the auth service's access tokens (its
     * {@code AUTH_ACCESS_TOKEN_LIFESPAN}). A revocation is forgotten once this much time plus the clock skew has passed
     * since it happened, so a token claiming a longer lifetime is refused: it could outlive what is remembered.
     */
    @WithDefault("15m")
    Duration tokenMaxLifetime();

    /** Clock difference tolerated between the auth service and this API when revocations are forgotten. */
    @WithDefault("30s")
    Duration clockSkew();

    /** The revocation feed: how it stays connected and what happens when it cannot. */
    Feed feed();

    /** How the library follows the auth service's revocation events. */
    interface Feed {

        /**
         * How long the revocation state may go without being known current (no event, heartbeat, snapshot or new
         * connection) before {@link #whenStale()} applies. The auth service sends a heartbeat every 15 s.
         */
        @WithDefault("60s")
        Duration maxStaleness();

        /**
         * What to do with tokens once the state is stale: {@code accept} them on their signature and the revocations
         * known so far (plain JWT semantics from then on: a new revocation takes effect at expiry), or {@code refuse}
         * every token until the feed is current again (also before the first snapshot).
         */
        @WithDefault("accept")
        WhenStale whenStale();

        /**
         * A connected stream that delivers nothing (not even a heartbeat) for this long is taken for dead and opened
         * again (a silently dropped connection shows no error).
         */
        @WithDefault("35s")
        Duration idleTimeout();

        /** The first wait before reconnecting after a failure; doubled after each further failure. */
        @WithDefault("250ms")
        Duration initialBackoff();

        /** The longest wait between two reconnection attempts. */
        @WithDefault("15s")
        Duration maxBackoff();

        /** Connecting to the auth service, and waiting for its response headers, takes at most this long. */
        @WithDefault("5s")
        Duration connectTimeout();
    }

    /** The choice made when the revocation state is stale (see {@link Feed#whenStale()}). */
    enum WhenStale {
        ACCEPT,
        REFUSE
    }
}
