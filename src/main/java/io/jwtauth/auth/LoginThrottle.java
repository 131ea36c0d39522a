package io.jwtauth.auth;

import io.jwtauth.common.AuthConfig;
import io.jwtauth.common.ClientInfo;
import io.jwtauth.common.ProblemException;
import io.jwtauth.common.SecurityEvents;
import io.jwtauth.common.Sha256;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Slows down password guessing without ever locking anyone out. Failures are counted per (email, client IP) —
 * unknown emails too — and per client IP; past a threshold each further failure doubles the wait (up to a cap),
 * answered with 429 and Retry-After. A wait always ends; a success clears the (email, IP) count; old failures are
 * forgotten. An attacker's failures from one IP do not hinder the owner from another. The state lives in
 * PostgreSQL, so it survives restarts and is shared by every instance.
 */
@ApplicationScoped
public class LoginThrottle {

    private final ThrottleRepository throttles;
    private final SecurityEvents events;
    private final AuthConfig.Throttle config;
    private final Clock clock;

    LoginThrottle(ThrottleRepository throttles, SecurityEvents events, AuthConfig config, Clock clock) {
        this.throttles = throttles;
        this.events = events;
        this.config = config.throttle();
        this.clock = clock;
    }

    /** 429 too_many_attempts if the (email, IP) or the IP key is waiting. */
    @Transactional
    public void checkLogin(String email, ClientInfo client) {
        check(List.of(loginKey(email, client), ipKey(client)), "login");
    }

    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void loginFailed(String email, ClientInfo client) {
        fail(loginKey(email, client), config.loginMaxFailures());
        fail(ipKey(client), config.ipMaxFailures());
    }

    @Transactional
    void loginSucceeded(String email, ClientInfo client) {
        throttles.reset(loginKey(email, client));
    }

    @Transactional
    void checkRegistration(ClientInfo client) {
        check(List.of(registrationKey(client)), "registration");
    }

    @Transactional(Transactional.TxType.REQUIRES_NEW)
    void registrationFailed(ClientInfo client) {
        fail(registrationKey(client), config.registrationMaxFailures());
    }

    /** Forgets old failures, on the purge schedule. */
    @Scheduled(every = "${auth.purge.every}", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    @Transactional
    void purge() {
        Instant now = clock.instant();
        throttles.purge(now.minus(config.decay()), now);
    }

    private void check(List<byte[]> keys, String what) {
        Instant now = clock.instant();
        throttles.blockedUntil(keys, now).ifPresent(until -> {
            long seconds = Math.max(1, (Duration.between(now, until).toMillis() + 999) / 1000);
            events.throttled(what);
            throw new ProblemException(429, "too_many_attempts",
                    "Too many failed attempts; try again in " + seconds + " s", Map.of("Retry-After", String.valueOf(seconds)));
        });
    }

    private void fail(byte[] key, int maxFailures) {
        Instant now = clock.instant();
        int failures = throttles.recordFailure(key, now, now.minus(config.decay()));
        if (failures >= maxFailures) {
            int doublings = Math.min(failures - maxFailures, 30);
            Duration wait = config.baseDelay().multipliedBy(1L << doublings);
            if (wait.compareTo(config.maxDelay()) > 0) {
                wait = config.maxDelay();
            }
            throttles.block(key, now.plus(wait));
        }
    }

    private static byte[] loginKey(String email, ClientInfo client) {
        return key("login|" + email.strip().toLowerCase(Locale.ROOT) + "|" + client.ipAddress());
    }

    private static byte[] ipKey(ClientInfo client) {
        return key("login-ip|" + client.ipAddress());
    }

    private static byte[] registrationKey(ClientInfo client) {
        return key("register-ip|" + client.ipAddress());
    }

    private static byte[] key(String value) {
        return Sha256.of(value);
    }
}
