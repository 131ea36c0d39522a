package io.jwtauth.common;

import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/** Caffeine's time read from the injected {@link Clock}, so a test that moves the clock moves cache expiry too. */
public final class ClockTicker {

    private ClockTicker() {}

    public static Ticker of(Clock clock) {
        return () -> {
            Instant now = clock.instant();
            return TimeUnit.SECONDS.toNanos(now.getEpochSecond()) + now.getNano();
        };
    }
}
