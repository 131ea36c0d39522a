package io.jwtauth.user;

import io.jwtauth.common.AuthConfig;
import io.jwtauth.common.ProblemException;
import io.jwtauth.common.Sha256;
import io.quarkus.elytron.security.common.BcryptUtil;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * bcrypt (Elytron) over base64(SHA-256(password)), so every character of a long password counts: bcrypt alone
 * silently ignores everything past 72 bytes.
 *
 * <p>bcrypt runs on a bounded pool (the bulkhead): a flood of logins occupies at most that many CPUs, so
 * requests that only verify a token keep being served; when the pool's queue is full, the caller gets 503 with
 * Retry-After instead of piling up.
 */
@ApplicationScoped
public class PasswordHasher {

    private final int cost;
    /**
     * A real hash at the configured cost, compared against for unknown emails so timing reveals nothing; made on
     * the pool at start-up so it does not delay readiness.
     */
    private final Future<String> dummyHash;
    private final ThreadPoolExecutor pool;

    private final Counter bcryptOperations;

    PasswordHasher(AuthConfig config, MeterRegistry registry) {
        this.bcryptOperations = Counter.builder("auth_bcrypt_operations_total")
                .description("bcrypt hashes and comparisons run (logins, registrations, password changes)")
                .register(registry);
        this.cost = config.password().bcryptCost();
        int threads = config.password().hashingThreads() > 0 ? config.password().hashingThreads()
                : Runtime.getRuntime().availableProcessors();
        AtomicInteger n = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(Math.max(1, config.password().hashingQueue())), r -> {
                    Thread t = new Thread(r, "bcrypt-" + n.incrementAndGet());
                    t.setDaemon(true);
                    // Below the event loops, so a login flood does not stretch the latency of verified requests.
                    // Linux honours it with -XX:ThreadPriorityPolicy=1 (the images and bench/run.sh set it).
                    t.setPriority(Thread.MIN_PRIORITY);
                    return t;
                }, new ThreadPoolExecutor.AbortPolicy());
        this.dummyHash = pool.submit(() -> BcryptUtil.bcryptHash(preHash("dummy password for unknown accounts"), cost));
    }

    @PreDestroy
    void stop() {
        pool.shutdownNow();
    }

    public String hash(String password) {
        return onPool(() -> BcryptUtil.bcryptHash(preHash(password), cost));
    }

    public boolean matches(String password, String hash) {
        return onPool(() -> BcryptUtil.matches(preHash(password), hash));
    }

    /** Spends the same work as {@link #matches} when there is no account to compare with. */
    public void matchDummy(String password) {
        onPool(() -> BcryptUtil.matches(preHash(password), dummyHash.get()));
    }

    private <T> T onPool(Callable<T> work) {
        bcryptOperations.increment();
        Future<T> future;
        try {
            future = pool.submit(work);
        } catch (RejectedExecutionException full) {
            throw new ProblemException(503, "overloaded", "Too many password checks in progress; retry shortly",
                    Map.of("Retry-After", "1"));
        }
        try {
            return future.get();
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while hashing", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("bcrypt failed", e.getCause());
        }
    }

    /** Whether a stored hash was made with a lower cost than configured (re-hash at the next login). */
    public boolean needsRehash(String hash) {
        // Modular crypt format: $2a$12$...
        String[] parts = hash.split("\\$");
        return parts.length < 3 || Integer.parseInt(parts[2]) < cost;
    }

    static String preHash(String password) {
        return Base64.getEncoder().encodeToString(Sha256.of(password));
    }
}
