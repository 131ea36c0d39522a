package io.jwtauth.common;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * How old cached verify-time state may be and still be trusted. The revocation listener confirms, with every
 * answered ping, that every change announced by any instance and committed before some instant has been applied
 * here ({@link #heardUpTo}). While that confirmation is recent (within {@code auth.revocation.max-staleness}) an entry
 * still cached is current as of it, however long ago it was read; otherwise (the listener stalled, reconnecting, or
 * never connected) only state read within max-staleness is trusted. Together: a revocation is seen everywhere within
 * max-staleness plus one request, whatever happens to the listener.
 */
@ApplicationScoped
public class Freshness {

    private final Clock clock;
    private final Duration maxStaleness;
    private volatile Instant heardUpTo = Instant.MIN;

    Freshness(Clock clock, AuthConfig config) {
        this.clock = clock;
        this.maxStaleness = config.revocation().maxStaleness();
    }

    /** The oldest read a cached state may come from to be trusted now. */
    public Instant trustedSince() {
        Instant floor = clock.instant().minus(maxStaleness);
        return heardUpTo.isBefore(floor) ? floor : Instant.MIN;
    }

    /**
     * Whether the listener has confirmed within max-staleness that it hears every announcement: while it has not,
     * whoever relies on announcements must look for changes in the database itself.
     */
    public boolean listening() {
        return !heardUpTo.isBefore(clock.instant().minus(maxStaleness));
    }

    /** Every announcement committed before {@code instant} has been applied here. */
    public void heardUpTo(Instant instant) {
        heardUpTo = instant;
    }

    public Instant heardUpTo() {
        return heardUpTo;
    }
}
