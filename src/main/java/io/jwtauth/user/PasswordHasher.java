package io.jwtauth.user;

import io.jwtauth.common.AuthConfig;
import io.jwtauth.common.ProblemException;
import io.jwtauth.common.Problems;
import io.jwtauth.common.Sha256;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.elytron.security.common.BcryptUtil;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.PriorityBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * bcrypt (Elytron) over base64(HMAC-SHA-256(pepper, password)): every character of a long password counts (bcrypt
 * alone ignores everything past 72 bytes), and the stored hashes are useless without the {@link PasswordPepper}.
 * Hashes from before the pepper (bcrypt over base64(SHA-256(password)), no prefix) still verify, and
 * {@link #needsRehash} asks for an upgrade at the next successful login.
 *
 * <p>bcrypt runs on a bounded pool (the bulkhead): a flood occupies at most that many CPUs, so requests that only
 * verify a token keep being served. Work comes in two classes with their own bounded queues: password
 * <em>checks</em> (logins, the current password of a change) are always taken before <em>new passwords</em>
 * (registrations, password changes), so a registration flood never makes a login wait in line; a full queue
 * answers 503 {@code overloaded} with Retry-After instead of piling up.
 */
@ApplicationScoped
public class PasswordHasher {

    /** Marks a hash made over the peppered pre-hash. */
    static final String PEPPERED = "hmac-sha256:";

    /** Which queue a piece of bcrypt work waits in; checks go first. */
    public enum Work {
        /** Verifying a password someone presents (login, the current password of a change). */
        CHECK,
        /** Hashing a password being set (registration, password change, reset). */
        NEW_PASSWORD
    }

    private final int cost;
    private final PasswordPepper pepper;
    private final ThreadPoolExecutor pool;
    private final Map<Work, Admission> admissions;
    private final AtomicLong sequence = new AtomicLong();
    private final Counter bcryptOperations;
    /**
     * A real hash at the configured cost, compared against for unknown emails so timing reveals nothing; made on
     * the pool at start-up so it does not delay readiness.
     */
    private final Future<String> dummyHash;

    PasswordHasher(AuthConfig config, PasswordPepper pepper, MeterRegistry registry) {
        this.bcryptOperations = Counter.builder("auth_bcrypt_operations_total")
                .description("bcrypt hashes and comparisons run (logins, registrations, password changes)")
                .register(registry);
        this.cost = config.password().bcryptCost();
        this.pepper = pepper;
        int threads = config.password().hashingThreads() > 0
                ? config.password().hashingThreads()
                : Runtime.getRuntime().availableProcessors();
        this.admissions = Map.of(
                Work.CHECK,
                new Admission(Work.CHECK, config.password().hashingQueue()),
                Work.NEW_PASSWORD,
                new Admission(Work.NEW_PASSWORD, config.password().newPasswordQueue()));
        AtomicInteger n = new AtomicInteger();
        // The priority queue orders jobs (checks first, then first come); admissions bound each class.
        this.pool = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.SECONDS, new PriorityBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "bcrypt-" + n.incrementAndGet());
            t.setDaemon(true);
            // Below the event loops, so a login flood does not stretch the latency of verified requests.
            // Linux honours it with -XX:ThreadPriorityPolicy=1 (the images and bench/run.sh set it).
            t.setPriority(Thread.MIN_PRIORITY);
            return t;
        });
        this.pool.prestartAllCoreThreads();
        Admission startup = admissions.get(Work.NEW_PASSWORD);
        startup.enter();
        this.dummyHash = submit(startup, () -> bcrypt("dummy password for unknown accounts"));
    }

    @PreDestroy
    void stop() {
        pool.shutdownNow();
    }

    /** A hash of a password being set, ready to store. */
    public String hash(String password) {
        try (Slot slot = admit(Work.NEW_PASSWORD)) {
            return slot.hash(password);
        }
    }

    /** A fresh hash of a password that was just checked, for the upgrade at login; queued as a check. */
    public String rehash(String password) {
        try (Slot slot = admit(Work.CHECK)) {
            return slot.hash(password);
        }
    }

    /**
     * A place in the queue of {@code work}, taken now (503 overloaded if the queue is full) for one bcrypt run later:
     * lets a caller refuse before it writes anything (a throttle reservation) for work that could not run. Closing
     * an unused slot gives the place back.
     */
    public Slot admit(Work work) {
        Admission admission = admissions.get(work);
        if (!admission.enter()) {
            throw overloaded();
        }
        return new Slot(admission);
    }

    /** One admitted bcrypt run (see {@link #admit}). */
    public final class Slot implements AutoCloseable {
        private final Admission admission;
        private boolean used;

        private Slot(Admission admission) {
            this.admission = admission;
        }

        public boolean matches(String password, String hash) {
            return run(use(), () -> verify(password, hash));
        }

        /** Spends the same work as {@link #matches} when there is no account to compare with. */
        public void matchDummy(String password) {
            run(use(), () -> verify(password, dummyHash.get()));
        }

        public String hash(String password) {
            return run(use(), () -> bcrypt(password));
        }

        private Admission use() {
            if (used) {
                throw new IllegalStateException("a slot runs one bcrypt job");
            }
            used = true;
            return admission;
        }

        @Override
        public void close() {
            if (!used) {
                used = true;
                admission.leave();
            }
        }
    }

    /** Whether a stored hash predates the pepper or was made with a lower cost than configured. */
    public boolean needsRehash(String hash) {
        if (!hash.startsWith(PEPPERED)) {
            return true;
        }
        // Modular crypt format: $2a$12$...
        String[] parts = hash.substring(PEPPERED.length()).split("\\$");
        return parts.length < 3 || Integer.parseInt(parts[2]) < cost;
    }

    private String bcrypt(String password) {
        return PEPPERED + BcryptUtil.bcryptHash(peppered(password), cost);
    }

    private boolean verify(String password, String stored) {
        if (stored.startsWith(PEPPERED)) {
            return BcryptUtil.matches(peppered(password), stored.substring(PEPPERED.length()));
        }
        return BcryptUtil.matches(legacyPreHash(password), stored);
    }

    private String peppered(String password) {
        return Base64.getEncoder().encodeToString(pepper.mac(password));
    }

    /** The pre-hash of hashes made before the pepper: verified once more, then upgraded. */
    private static String legacyPreHash(String password) {
        return Base64.getEncoder().encodeToString(Sha256.of(password));
    }

    private <T> T run(Admission admission, Callable<T> job) {
        Future<T> future = submit(admission, job);
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

    /** Queues a job whose place {@code admission} has already granted. */
    private <T> Future<T> submit(Admission admission, Callable<T> job) {
        bcryptOperations.increment();
        Job<T> task = new Job<>(admission.work, sequence.incrementAndGet(), admission, job);
        pool.execute(task);
        return task;
    }

    private static ProblemException overloaded() {
        return Problems.OVERLOADED.exception(
                "Too many password checks in progress; retry shortly", Map.of("Retry-After", "1"));
    }

    /** How many jobs of one class may wait for a thread (admitted, not yet running). */
    private static final class Admission {
        private final Work work;
        private final int limit;
        private final AtomicInteger waiting = new AtomicInteger();

        Admission(Work work, int limit) {
            this.work = work;
            this.limit = Math.max(1, limit);
        }

        boolean enter() {
            if (waiting.incrementAndGet() > limit) {
                waiting.decrementAndGet();
                return false;
            }
            return true;
        }

        void leave() {
            waiting.decrementAndGet();
        }
    }

    /** A queued piece of bcrypt work: checks before new passwords, then in arrival order. */
    private static final class Job<T> extends FutureTask<T> implements Comparable<Job<?>> {
        private final Work work;
        private final long sequence;
        private final Admission admission;

        Job(Work work, long sequence, Admission admission, Callable<T> callable) {
            super(callable);
            this.work = work;
            this.sequence = sequence;
            this.admission = admission;
        }

        /** Leaves the queue when a thread takes it, cancelled or not. */
        @Override
        public void run() {
            admission.leave();
            super.run();
        }

        @Override
        public int compareTo(Job<?> other) {
            int byWork = Integer.compare(work.ordinal(), other.work.ordinal());
            return byWork != 0 ? byWork : Long.compare(sequence, other.sequence);
        }
    }
}
