package io.jwtauth.token;

import io.jwtauth.common.AuthConfig;
import io.jwtauth.common.Sha256;
import io.jwtauth.token.KeySet.KeyConfigurationException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.Config;

/**
 * The current {@link KeySet}: loaded at start-up from the standard SmallRye / MicroProfile JWT settings, and — when
 * they name files — re-read every {@code auth.keys.reload-interval}. A reload compares the files' content (read
 * through their paths each time, so a Kubernetes Secret volume's symlink swap is seen like any other change; no
 * modification time or file watch is trusted), checks the new set by the start-up rule ({@link KeySet#of}) and
 * swaps it in whole, or refuses it with one log line, a count in {@code auth_key_reloads_total{outcome="refused"}}
 * and a detail in the readiness check, keeping the current keys. A kid that leaves the verification set is announced
 * as {@link KeyRetired}.
 */
@Singleton
public class KeyRing {

    static final String SIGN_INLINE = "smallrye.jwt.sign.key";
    static final String VERIFY_INLINE = "mp.jwt.verify.publickey";
    /**
     * Reads of the pair before it is taken as it is: a Secret volume swaps both files in one step, so a pair read
     * again is consistent unless swaps follow each other faster than the files can be read.
     */
    private static final int READ_ATTEMPTS = 3;

    /** Why the key files on disk are not in use, and since when. */
    record Refusal(String reason, Instant at) {}

    /** What one look at the files found. */
    enum Outcome {
        UNCHANGED,
        APPLIED,
        REFUSED
    }

    /** The text of both key files, read together, and a digest of the pair. */
    private record Contents(String signing, String verification, String digest) {}

    private final Config config;
    private final Clock clock;
    private final Duration reloadInterval;
    private final Event<KeyRetired> retired;
    private final Counter applied;
    private final Counter refused;
    private ScheduledExecutorService poller;

    private volatile KeySet current;
    private volatile Refusal refusal;
    /** The digest of the file contents last looked at (guarded by this): unchanged files are not checked again. */
    private String seen;
    /** The digest of the file contents in use (guarded by this). */
    private String inUse;

    KeyRing(Config config, Clock clock, AuthConfig authConfig, Event<KeyRetired> retired, MeterRegistry registry) {
        this.config = config;
        this.clock = clock;
        this.reloadInterval = authConfig.keys().reloadInterval();
        this.retired = retired;
        this.applied = registry.counter("auth_key_reloads_total", "outcome", "applied");
        this.refused = registry.counter("auth_key_reloads_total", "outcome", "refused");
    }

    /** Loads the keys before the service takes traffic; on a bad key, one clear line and exit. Then polls the files. */
    void onStart(@Observes @Priority(1) StartupEvent event) {
        try {
            current();
        } catch (KeyConfigurationException e) {
            Log.error("Refusing to start: " + e.getMessage());
            Quarkus.asyncExit(1);
            return;
        }
        if (fromFiles()) {
            poller = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "key-reload");
                t.setDaemon(true);
                return t;
            });
            long every = reloadInterval.toMillis();
            poller.scheduleWithFixedDelay(this::poll, every, every, TimeUnit.MILLISECONDS);
        }
    }

    private void poll() {
        try {
            reload();
        } catch (RuntimeException e) {
            // an observer of KeyRetired failed after the new keys were applied; the poller must live on
            Log.errorf(e, "Key reload: a reaction to the new keys failed");
        }
    }

    @PreDestroy
    void stop() {
        if (poller != null) {
            poller.shutdownNow();
        }
    }

    /** The keys in use now. Read it once per use: signing key and kid, or a kid and its key, come from one set. */
    public KeySet current() {
        KeySet keys = current;
        if (keys == null) {
            keys = load();
        }
        return keys;
    }

    /** Why the key files on disk are refused, or null while the keys in use are the ones on disk. */
    Refusal refusal() {
        return refusal;
    }

    /** How often the key files are re-read: the longest time a JWK Set may be cached ({@code max-age}). */
    Duration reloadInterval() {
        return reloadInterval;
    }

    private synchronized KeySet load() {
        if (current == null) {
            Contents contents = read();
            current = KeySet.of(contents.signing(), contents.verification());
            seen = contents.digest();
            inUse = contents.digest();
            Log.infof(
                    "Keys loaded: signing kid %s, %d verification key(s) %s",
                    current.signingKid(), current.verificationKids().size(), current.verificationKids());
        }
        return current;
    }

    /**
     * Re-reads the key files now (the poller calls this every {@code auth.keys.reload-interval}); a change is applied
     * or refused once, and files that did not change since are not checked again.
     */
    synchronized Outcome reload() {
        if (!fromFiles()) {
            return Outcome.UNCHANGED;
        }
        KeySet next;
        try {
            Contents contents;
            try {
                contents = read();
            } catch (KeyConfigurationException unreadable) {
                seen = null; // whatever is there once it can be read again is looked at
                // no content to remember: the same reason is the same refusal, reported once
                boolean reported = refusal != null && refusal.reason().equals(unreadable.getMessage());
                return reported ? Outcome.UNCHANGED : refuse(unreadable.getMessage());
            }
            if (contents.digest().equals(seen)) {
                return Outcome.UNCHANGED;
            }
            seen = contents.digest();
            if (contents.digest().equals(inUse)) {
                refusal = null; // back to the files in use
                return Outcome.UNCHANGED;
            }
            next = KeySet.of(contents.signing(), contents.verification());
            inUse = contents.digest();
        } catch (KeyConfigurationException e) {
            return refuse(e.getMessage());
        }
        KeySet previous = current;
        current = next;
        refusal = null;
        applied.increment();
        Log.infof(
                "Keys reloaded: signing kid %s, %d verification key(s) %s",
                next.signingKid(), next.verificationKids().size(), next.verificationKids());
        Set<String> gone = new TreeSet<>(previous.verificationKids());
        gone.removeAll(next.verificationKids());
        gone.forEach(kid -> retired.fire(new KeyRetired(kid)));
        return Outcome.APPLIED;
    }

    /** One log line (the reason names the variable, never key material) and one count. */
    private Outcome refuse(String reason) {
        refusal = new Refusal(reason, clock.instant());
        refused.increment();
        Log.errorf(
                "Key files changed but are refused; the keys in use stay (signing kid %s): %s",
                current.signingKid(), reason);
        return Outcome.REFUSED;
    }

    /** Whether the keys come from files (else from inline values: dev and test generate them, nothing to re-read). */
    private boolean fromFiles() {
        return inline(SIGN_INLINE).isEmpty() && inline(VERIFY_INLINE).isEmpty();
    }

    /**
     * Both key texts. A Kubernetes Secret volume swaps both files at once; reading one before and the other after the
     * swap would pair old and new, so the signing key is read again after the verification keys and the pair is
     * taken only when it did not change meanwhile.
     */
    private Contents read() {
        for (int attempt = 1; ; attempt++) {
            String signing = read(SIGN_INLINE, KeySet.SIGN_LOCATION, "the signing key: a private JWK or a PKCS#8 PEM");
            String verification =
                    read(VERIFY_INLINE, KeySet.VERIFY_LOCATION, "the verification keys: a JWK Set or a PEM public key");
            if (attempt == READ_ATTEMPTS
                    || signing.equals(read(SIGN_INLINE, KeySet.SIGN_LOCATION, "the signing key"))) {
                return new Contents(signing, verification, digest(signing, verification));
            }
        }
    }

    private String read(String inlineProperty, String locationProperty, String what) {
        Optional<String> inline = inline(inlineProperty);
        if (inline.isPresent()) {
            return inline.get();
        }
        String location = config.getOptionalValue(locationProperty, String.class)
                .filter(v -> !v.isBlank())
                .orElseThrow(() ->
                        new KeyConfigurationException(KeySet.env(locationProperty) + " is not set (" + what + ")"));
        Path path = Path.of(location.startsWith("file:") ? location.substring("file:".length()) : location);
        try {
            return Files.readString(path, StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            throw new KeyConfigurationException(KeySet.env(locationProperty) + "=" + location + " cannot be read ("
                    + e.getClass().getSimpleName() + ")");
        }
    }

    private Optional<String> inline(String property) {
        return config.getOptionalValue(property, String.class).filter(v -> !v.isBlank() && !"NONE".equals(v));
    }

    private static String digest(String signing, String verification) {
        Base64.Encoder b64 = Base64.getEncoder();
        return b64.encodeToString(Sha256.of(signing)) + b64.encodeToString(Sha256.of(verification));
    }
}
