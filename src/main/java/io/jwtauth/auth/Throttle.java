package io.jwtauth.auth;

import io.jwtauth.common.AuthConfig;
import io.jwtauth.common.ClientInfo;
import io.jwtauth.common.Problems;
import io.jwtauth.common.SecurityEvents;
import io.jwtauth.common.Sha256;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;

/**
 * Slows down password guessing and registration floods without ever locking anyone out for good. Every attempt is
 * counted <em>before</em> the password check ({@link #reserve}), in the same statement that decides whether the key
 * must wait, so parallel attempts never run more password checks than a limit allows; a correct password gives its
 * attempt back ({@link #succeeded}). Callers take their place in the bcrypt queue first, so an attempt the service
 * is too busy to check (503) counts nowhere.
 *
 * <p>Past a key's limit each further attempt doubles the wait (up to a cap), answered with 429 and Retry-After; old
 * attempts are forgotten. The keys: a login counts per (email, client network), per client network, and per
 * account from anywhere — except for a client presenting the account's device token, so an attacker's failures
 * never lock the owner out; registrations count per client network and service-wide per window. A service account's
 * authentication (its client id and secret, {@link ClientAuthentication}) counts like a login, on keys of its own:
 * per (client id, client network), per client network, and per client id from anywhere. A second factor's code
 * (TOTP or recovery code, at login or when turning MFA off) counts like a password, on keys of its own that a correct
 * password never resets: per (account, client network), per client network, and per account from anywhere (again
 * except for a client with the account's device token). Requests that send a mail
 * count every time: a password reset per address and per client network, a verification mail per account. The
 * state lives in PostgreSQL (keys are SHA-256 hashes, no email is stored), shared by every instance and surviving
 * restarts. It stays bounded: a key is only written by an attempt that holds a place in the bcrypt queue, so keys
 * grow no faster than bcrypt runs, or (a password reset, which runs no bcrypt) by one its client network's limit lets
 * through, since a refused attempt writes nothing, or (a second factor's code) by one that holds a live mfa_token or
 * a signed-in account; keys idle for the decay time are purged.
 */
@ApplicationScoped
class Throttle {

    /** What a correct password does to a key's count. */
    enum OnSuccess {
        /** Forget the key's failures (the owner proved the password for that email from that client). */
        RESET,
        /** Give back this attempt only (other failures from that client or on that account still count). */
        REFUND,
        /** Keep counting: every attempt counts, successful or not (registrations). */
        KEEP
    }

    /** How attempts on one kind of key are limited. */
    record Rule(String name, int max, Duration baseDelay, Duration maxDelay, OnSuccess onSuccess) {}

    /**
     * One counted thing: the rule, the key's hash, and the attempts before {@code forgetBefore} that no longer count.
     * A windowed key (service-wide registrations) never waits past {@code windowEnd}.
     */
    record Key(Rule rule, byte[] hash, Instant forgetBefore, Instant windowEnd) {}

    /** The keys counted for one attempt, to settle once its outcome is known. */
    record Reservation(List<Key> keys) {}

    private final ThrottleRepository counters;
    private final SecurityEvents events;
    private final AuthConfig.Throttle config;
    private final Clock clock;
    private final Rule loginPerEmailAndClient;
    private final Rule loginPerClient;
    private final Rule loginPerAccount;
    private final Rule registrationPerClient;
    private final Rule registrationGlobal;
    private final Rule clientPerIdAndNetwork;
    private final Rule clientPerNetwork;
    private final Rule clientPerId;
    private final Rule secondFactorPerAccountAndClient;
    private final Rule secondFactorPerAccount;
    private final Rule passwordResetPerEmail;
    private final Rule passwordResetPerClient;
    private final Rule verificationMailPerAccount;

    Throttle(ThrottleRepository counters, SecurityEvents events, AuthConfig config, Clock clock) {
        this.counters = counters;
        this.events = events;
        this.config = config.throttle();
        this.clock = clock;
        Duration base = this.config.baseDelay();
        Duration cap = this.config.maxDelay();
        this.loginPerEmailAndClient = new Rule("login", this.config.loginMaxFailures(), base, cap, OnSuccess.RESET);
        this.loginPerClient = new Rule("login-ip", this.config.ipMaxFailures(), base, cap, OnSuccess.REFUND);
        // the owner's correct password forgives the account's count, as it does the (email, client) one; an owner
        // with a device token is not counted at all, so leaves an attack's count alone
        this.loginPerAccount = new Rule("login-account", this.config.accountMaxFailures(), base, cap, OnSuccess.RESET);
        this.registrationPerClient =
                new Rule("register-ip", this.config.registrationMaxPerClient(), base, cap, OnSuccess.KEEP);
        // a full window waits for the next one: no doubling (the wait is cut at the window's end)
        Duration window = this.config.registrationGlobalWindow();
        this.registrationGlobal =
                new Rule("register-all", this.config.registrationGlobalMax(), window, window, OnSuccess.KEEP);
        // a service account's secret counts like a password, with the same limits, on keys of its own
        this.clientPerIdAndNetwork = new Rule("client", this.config.loginMaxFailures(), base, cap, OnSuccess.RESET);
        this.clientPerNetwork = new Rule("client-ip", this.config.ipMaxFailures(), base, cap, OnSuccess.REFUND);
        this.clientPerId = new Rule("client-any", this.config.accountMaxFailures(), base, cap, OnSuccess.RESET);
        // codes count like passwords, on keys of their own: if a correct password reset them, an attacker holding the
        // password would get a fresh allowance of code guesses with every login
        this.secondFactorPerAccountAndClient =
                new Rule("mfa", this.config.loginMaxFailures(), base, cap, OnSuccess.RESET);
        this.secondFactorPerAccount =
                new Rule("mfa-account", this.config.accountMaxFailures(), base, cap, OnSuccess.RESET);
        // every request that can send a mail counts, whatever its outcome: the mails, not guesses, are what is limited
        this.passwordResetPerEmail =
                new Rule("reset", this.config.passwordResetMaxPerEmail(), base, cap, OnSuccess.KEEP);
        this.passwordResetPerClient =
                new Rule("reset-ip", this.config.passwordResetMaxPerClient(), base, cap, OnSuccess.KEEP);
        this.verificationMailPerAccount =
                new Rule("verify-mail", this.config.verificationMailMaxPerAccount(), base, cap, OnSuccess.KEEP);
    }

    /** Failed logins for this email from this client network. */
    Key login(String email, ClientInfo client) {
        return key(loginPerEmailAndClient, email + "|" + client.throttleKey());
    }

    /** Failed logins from this client network, whatever the email. */
    Key loginFrom(ClientInfo client) {
        return key(loginPerClient, client.throttleKey());
    }

    /** Failed logins for this email, from any address. */
    Key account(String email) {
        return key(loginPerAccount, email);
    }

    /** Failed authentications of this client id from this client network. */
    Key clientAuthentication(String clientId, ClientInfo client) {
        return key(clientPerIdAndNetwork, clientId + "|" + client.throttleKey());
    }

    /** Failed client authentications from this client network, whatever the client id. */
    Key clientAuthenticationFrom(ClientInfo client) {
        return key(clientPerNetwork, client.throttleKey());
    }

    /** Failed authentications of this client id, from any address. */
    Key clientAuthenticationAnywhere(String clientId) {
        return key(clientPerId, clientId);
    }

    /**
     * The keys a second-factor code counts on: per (account, client network), per client network, and per account
     * from anywhere unless the client presented one of the account's device tokens ({@code knownDevice}).
     */
    List<Key> secondFactor(UUID userId, ClientInfo client, boolean knownDevice) {
        Key perAccountAndClient = key(secondFactorPerAccountAndClient, userId + "|" + client.throttleKey());
        return knownDevice
                ? List.of(perAccountAndClient, loginFrom(client))
                : List.of(perAccountAndClient, loginFrom(client), key(secondFactorPerAccount, userId.toString()));
    }

    /** Password-reset requests for this address (an account's or not: both count alike). */
    Key passwordReset(String email) {
        return key(passwordResetPerEmail, email);
    }

    /** Password-reset requests from this client network, whatever the address. */
    Key passwordResetFrom(ClientInfo client) {
        return key(passwordResetPerClient, client.throttleKey());
    }

    /** Verification mails this account asked for. */
    Key verificationMail(UUID userId) {
        return key(verificationMailPerAccount, userId.toString());
    }

    /** Registrations from this client network. */
    Key registrationFrom(ClientInfo client) {
        return key(registrationPerClient, client.throttleKey());
    }

    /** Registrations service-wide, in the current window. */
    Key registrations() {
        long window = config.registrationGlobalWindow().toMillis();
        long start = clock.millis() / window * window;
        return new Key(
                registrationGlobal,
                Sha256.of(registrationGlobal.name() + "|" + start),
                Instant.ofEpochMilli(start),
                Instant.ofEpochMilli(start + window));
    }

    /**
     * Counts one attempt on every key, or on none: 429 too_many_attempts if any key must wait, with the Retry-After
     * after which every key would let it through.
     */
    Reservation reserve(String what, List<Key> keys) {
        try {
            return count(keys);
        } catch (Refused refused) {
            long seconds = secondsToWait(keys);
            events.throttled(what);
            throw Problems.TOO_MANY_ATTEMPTS.exception(
                    "Too many attempts; try again in " + seconds + " s",
                    Map.of("Retry-After", String.valueOf(seconds)));
        }
    }

    /**
     * Counts in one transaction, keys in a fixed order (two attempts sharing keys never wait for each other's row
     * locks in a cycle); a key that must wait rolls back the ones counted before it.
     */
    @Transactional
    Reservation count(List<Key> keys) {
        Instant now = clock.instant();
        List<Key> ordered = keys.stream()
                .sorted(Comparator.comparing(Key::hash, Arrays::compareUnsigned))
                .toList();
        for (Key key : ordered) {
            Rule rule = key.rule();
            OptionalInt counted = counters.reserve(
                    key.hash(),
                    now,
                    key.forgetBefore(),
                    rule.max(),
                    rule.baseDelay().toMillis(),
                    rule.maxDelay().toMillis());
            if (counted.isEmpty()) {
                throw new Refused();
            }
        }
        return new Reservation(ordered);
    }

    /** Seconds until no key waits any more (at least one). */
    @Transactional
    long secondsToWait(List<Key> keys) {
        Instant now = clock.instant();
        Instant latest = now;
        for (Key key : keys) {
            Rule rule = key.rule();
            Optional<Instant> until = counters.waitsUntil(
                    key.hash(),
                    now,
                    key.forgetBefore(),
                    rule.max(),
                    rule.baseDelay().toMillis(),
                    rule.maxDelay().toMillis());
            if (until.isPresent()) {
                Instant end = key.windowEnd() != null && key.windowEnd().isBefore(until.get())
                        ? key.windowEnd()
                        : until.get();
                latest = end.isAfter(latest) ? end : latest;
            }
        }
        return Math.max(1, (Duration.between(now, latest).toMillis() + 999) / 1000);
    }

    /** The password was right: each key forgets, gives back, or keeps the attempt as its rule says. */
    @Transactional
    void succeeded(Reservation reservation) {
        for (Key key : reservation.keys()) {
            switch (key.rule().onSuccess()) {
                case RESET -> counters.reset(key.hash());
                case REFUND -> counters.refund(key.hash());
                case KEEP -> {}
            }
        }
    }

    /** Forgets keys idle for the decay time (or a whole registration window, if longer). */
    @Scheduled(every = "${auth.purge.every}", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    @Transactional
    void purge() {
        Duration keep = config.decay().compareTo(config.registrationGlobalWindow()) >= 0
                ? config.decay()
                : config.registrationGlobalWindow();
        counters.purge(clock.instant().minus(keep));
    }

    private Key key(Rule rule, String value) {
        return new Key(
                rule, Sha256.of(rule.name() + "|" + value), clock.instant().minus(config.decay()), null);
    }

    /** A key must wait: leaves {@link #count} so that its transaction rolls back. */
    private static final class Refused extends RuntimeException {
        Refused() {
            super(null, null, false, false);
        }
    }
}
