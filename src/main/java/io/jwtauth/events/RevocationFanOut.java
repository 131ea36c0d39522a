package io.jwtauth.events;

import io.jwtauth.common.AuthConfig;
import io.jwtauth.common.DatabaseFailures;
import io.jwtauth.common.Freshness;
import io.jwtauth.session.RevocationHeard;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownDelayInitiatedEvent;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Hands new events to every reader waiting on this instance (long polls, streams) from memory: when the instance's
 * revocation listener hears of a revocation ({@link RevocationHeard}), one read of the log on this instance's own
 * thread serves all of them. So an event costs each instance one read, however many readers it has.
 *
 * <p>While the listener is not confirmed live ({@link Freshness#listening()}: stalled, reconnecting), nothing is heard,
 * so the fan-out reads the log every {@code auth.revocation-events.fallback-poll-interval} instead — still one read
 * per instance — and an event reaches the readers within 2 s anyway. With no reader it reads nothing at all.
 *
 * <p>Readers never miss an event: a reader is added before it reads the log itself, every read here continues from
 * the last id read (ids grow in commit order, see {@link RevocationLog#append}), and a reader drops what it already
 * has by id.
 */
@ApplicationScoped
class RevocationFanOut {

    /** A waiting reader. Called on the fan-out's thread: it must return at once. */
    interface Reader {

        /** Events newly committed, by id, continuing the previous delivery; at most a page. */
        void deliver(List<RevocationEvent> events);

        /** Time for a stream's heartbeat. */
        void heartbeat();

        /**
         * The fan-out cannot vouch any more that the reader misses nothing (this instance fell behind the pruning,
         * or it stops): the reader should answer and let its client come back with its cursor.
         */
        void end();
    }

    /** No reader was waiting when something was heard: where to continue is read again when one comes. */
    private static final long UNKNOWN = -1;

    private final RevocationLog log;
    private final Freshness freshness;
    private final int pageSize;
    private final Duration pollInterval;
    private final Duration heartbeat;
    private final Set<Reader> readers = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean readRequested = new AtomicBoolean();
    private ScheduledExecutorService thread;

    /** The last id read and handed out (guarded by this). */
    private long head = UNKNOWN;
    /** The last read failed: read again at the next poll, heard or not (fan-out thread only). */
    private boolean failing;
    /** Shutting down: readers are ended, new ones as soon as they have caught up (guarded by this). */
    private boolean stopping;

    RevocationFanOut(RevocationLog log, Freshness freshness, AuthConfig config) {
        this.log = log;
        this.freshness = freshness;
        this.pageSize = config.revocationEvents().pageSize();
        this.pollInterval = config.revocationEvents().fallbackPollInterval();
        this.heartbeat = config.revocationEvents().heartbeat();
    }

    @PostConstruct
    void start() {
        thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "revocation-fan-out");
            t.setDaemon(true);
            return t;
        });
        thread.scheduleWithFixedDelay(
                this::pollIfUnheard, pollInterval.toMillis(), pollInterval.toMillis(), TimeUnit.MILLISECONDS);
        thread.scheduleAtFixedRate(
                () -> readers.forEach(Reader::heartbeat),
                heartbeat.toMillis(),
                heartbeat.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void stop() {
        thread.shutdownNow();
        readers.forEach(Reader::end);
        readers.clear();
    }

    /**
     * The shutdown begins, before the HTTP server waits for the requests in progress ({@code quarkus.shutdown.timeout}):
     * open streams and long polls end now (their clients resume elsewhere with their cursors) instead of holding the
     * shutdown for the whole timeout. Fired because {@code quarkus.shutdown.delay-enabled} is set.
     */
    void stopping(@Observes ShutdownDelayInitiatedEvent event) {
        synchronized (this) {
            stopping = true;
            readers.forEach(Reader::end);
            readers.clear();
        }
    }

    /**
     * From now on, hands every newly committed event to the reader until it is removed. The reader then reads the
     * log itself for what came before. Blocking (it may read where the log ends).
     */
    void add(Reader reader) {
        synchronized (this) {
            if (stopping) {
                reader.end();
                return;
            }
            if (head == UNKNOWN) {
                // anything committed after this is read later, and the reader's own read comes after it
                head = log.newest();
            }
            readers.add(reader);
        }
    }

    void remove(Reader reader) {
        readers.remove(reader);
    }

    /** How many readers wait on this instance. */
    int readers() {
        return readers.size();
    }

    void heard(@Observes RevocationHeard heard) {
        requestRead();
    }

    /** An event was written that no revocation notice announces (a retired key: every instance finds that itself). */
    void written() {
        requestRead();
    }

    private void pollIfUnheard() {
        if (!readers.isEmpty() && (failing || !freshness.listening())) {
            requestRead();
        }
    }

    /** Several notifications arriving during a read cost one more read, not one each. */
    private void requestRead() {
        if (readRequested.compareAndSet(false, true)) {
            try {
                thread.execute(this::read);
            } catch (RejectedExecutionException e) {
                // stopping
            }
        }
    }

    private void read() {
        readRequested.set(false);
        synchronized (this) {
            if (readers.isEmpty()) {
                head = UNKNOWN;
                return;
            }
            try {
                List<RevocationEvent> events;
                do {
                    RevocationLog.Slice slice = log.after(head, pageSize);
                    if (head < slice.prunedThrough()) {
                        // events after head were deleted before this instance read them (it was cut off from the
                        // database for longer than they are kept): the readers must come back with their cursors
                        Log.warnf(
                                "Revocation fan-out fell behind the pruning (read up to %d, pruned up to %d); "
                                        + "its %d readers are asked to come back",
                                head, slice.prunedThrough(), readers.size());
                        readers.forEach(Reader::end);
                        readers.clear();
                        head = UNKNOWN;
                        return;
                    }
                    events = slice.events();
                    if (!events.isEmpty()) {
                        head = events.get(events.size() - 1).id();
                        for (Reader reader : readers) {
                            reader.deliver(events);
                        }
                    }
                } while (events.size() == pageSize);
                if (failing) {
                    Log.info("Revocation fan-out reads the log again");
                    failing = false;
                }
            } catch (RuntimeException e) {
                if (!failing) {
                    if (DatabaseFailures.classify(e).isPresent()) {
                        Log.warnf(
                                "Revocation fan-out cannot read the log (%s); retrying every %d ms",
                                e.getClass().getSimpleName(), pollInterval.toMillis());
                    } else {
                        Log.errorf(
                                e,
                                "Revocation fan-out cannot read the log; retrying every %d ms",
                                pollInterval.toMillis());
                    }
                    failing = true;
                }
            }
        }
    }
}
