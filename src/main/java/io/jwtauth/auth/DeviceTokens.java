package io.jwtauth.auth;

import io.jwtauth.common.AuthConfig;
import io.jwtauth.common.OpaqueTokens;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

/**
 * Device tokens: handed to a client at a successful login (opaque, 256 bits, stored hashed, valid
 * {@code auth.device-token.lifespan}); presented at later logins to the same account, they exempt the client from
 * that account's throttle ({@link Throttle#account}), so failures from other addresses never lock the owner out.
 */
@ApplicationScoped
class DeviceTokens {

    private final DeviceTokenRepository repository;
    private final OpaqueTokens tokens;
    private final AuthConfig.DeviceToken config;
    private final Clock clock;

    DeviceTokens(DeviceTokenRepository repository, OpaqueTokens tokens, AuthConfig config, Clock clock) {
        this.repository = repository;
        this.tokens = tokens;
        this.config = config.deviceToken();
        this.clock = clock;
    }

    /** Whether {@code token} is a live device token of the account with this (normalised) email. */
    @Transactional
    boolean isKnownDevice(String token, String email) {
        return token != null
                && !token.isBlank()
                && repository.isLiveFor(OpaqueTokens.hash(token), email, clock.instant());
    }

    /** A new device token for the user, in the caller's transaction; the account keeps only its newest ones. */
    @Transactional(Transactional.TxType.MANDATORY)
    String issue(UUID userId) {
        String token = tokens.generate();
        Instant now = clock.instant();
        repository.insert(OpaqueTokens.hash(token), userId, now, now.plus(config.lifespan()), config.perAccount());
        return token;
    }

    /** Seconds a device cookie lives. */
    long lifespanSeconds() {
        return config.lifespan().toSeconds();
    }

    @Scheduled(every = "${auth.purge.every}", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    @Transactional
    void purge() {
        repository.purgeExpired(clock.instant());
    }
}
