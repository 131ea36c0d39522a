package io.jwtauth.common;

import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.EnumMap;
import java.util.IdentityHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Filter;
import java.util.logging.Logger;

/**
 * Where "the database cannot serve this request now" is recognised, whatever wrapped it ({@link Sql}, the transaction
 * manager, the security layer): PostgreSQL unreachable or restarting is 503 {@code unavailable}, every pooled
 * connection busy for the whole acquisition timeout is 503 {@code overloaded}, both with Retry-After — a client
 * may simply retry, where a 500 says the service is broken.
 *
 * <p>Logged as one line per episode, never a stack trace per request: the first failure of a kind is logged, then
 * nothing of that kind until {@value #QUIET_MINUTES} minute(s) have passed without one. A time rule rather than
 * "until a request succeeds", because successes are not seen here and a pool that is merely busy keeps succeeding
 * between timeouts. The transaction manager would add a warning with a stack trace for each transaction whose
 * connection died under it (its rollback fails too); those are filtered out, the request having been answered and
 * the episode logged.
 */
@ApplicationScoped
public class DatabaseFailures {

    /** What went wrong, with the answer it gets. */
    public enum Kind {
        UNAVAILABLE(Problems.UNAVAILABLE, 5),
        OVERLOADED(Problems.OVERLOADED, 1);

        private final Problems problem;
        /** Seconds: a restarting database takes a few, a busy pool frees a connection within one. */
        private final int retryAfter;

        Kind(Problems problem, int retryAfter) {
            this.problem = problem;
            this.retryAfter = retryAfter;
        }
    }

    static final int QUIET_MINUTES = 1;
    private static final Duration QUIET = Duration.ofMinutes(QUIET_MINUTES);
    /** Bounds the walk over causes, suppressed exceptions and chained SQLExceptions. */
    private static final int MAX_EXCEPTIONS = 64;

    /** Narayana's logger, where the failed rollback of a dead connection's transaction is reported. */
    private static final String TRANSACTIONS_LOGGER = "com.arjuna.ats.jta";

    private final Clock clock;
    private final Map<Kind, AtomicReference<Instant>> lastSeen = new EnumMap<>(Kind.class);
    /** Held, so the logger keeping the filter cannot be collected and come back without it. */
    private Logger transactionsLogger;

    DatabaseFailures(Clock clock) {
        this.clock = clock;
        for (Kind kind : Kind.values()) {
            lastSeen.put(kind, new AtomicReference<>(Instant.MIN));
        }
    }

    void filterTransactionWarnings(@Observes StartupEvent event) {
        transactionsLogger = Logger.getLogger(TRANSACTIONS_LOGGER);
        Filter previous = transactionsLogger.getFilter();
        transactionsLogger.setFilter(record -> (previous == null || previous.isLoggable(record))
                && (record.getThrown() == null || classify(record.getThrown()).isEmpty()));
    }

    /** The kind of database failure somewhere in {@code failure}'s causes, if it is one. */
    public static Optional<Kind> classify(Throwable failure) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        Deque<Throwable> pending = new ArrayDeque<>();
        pending.add(failure);
        while (!pending.isEmpty() && seen.size() < MAX_EXCEPTIONS) {
            Throwable t = pending.poll();
            if (t == null || !seen.add(t)) {
                continue;
            }
            Kind kind = kindOf(t);
            if (kind != null) {
                return Optional.of(kind);
            }
            if (t.getCause() != null) {
                pending.add(t.getCause());
            }
            // a failed rollback or commit carries the original failure as suppressed, or as the next SQLException
            Collections.addAll(pending, t.getSuppressed());
            if (t instanceof SQLException sql && sql.getNextException() != null) {
                pending.add(sql.getNextException());
            }
        }
        return Optional.empty();
    }

    private static Kind kindOf(Throwable t) {
        if (t instanceof SQLException sql) {
            String state = sql.getSQLState();
            if (state != null) {
                // 08: connection exceptions; 57P01-57P03: the server shuts down, crashed, or is still starting
                if (state.startsWith("08") || state.equals("57P01") || state.equals("57P02") || state.equals("57P03")) {
                    return Kind.UNAVAILABLE;
                }
                // 53300: PostgreSQL has no connection slot left
                return state.equals("53300") ? Kind.OVERLOADED : null;
            }
            if (isAcquisitionTimeout(sql)) {
                // Agroal: with a TimeoutException, opening a new connection did not finish in time (the server does
                // not answer); without, every connection of a full pool stayed busy
                return sql.getCause() instanceof TimeoutException ? Kind.UNAVAILABLE : Kind.OVERLOADED;
            }
            return null;
        }
        return t instanceof ConnectException
                        || t instanceof NoRouteToHostException
                        || t instanceof SocketTimeoutException
                ? Kind.UNAVAILABLE
                : null;
    }

    /** Agroal's acquisition timeout is a plain SQLException that only its message tells apart. */
    private static boolean isAcquisitionTimeout(SQLException e) {
        return e.getMessage() != null && e.getMessage().toLowerCase(Locale.ROOT).contains("acquisition timeout");
    }

    /** The 503 to answer with if {@code failure} is a database failure; logs an episode's first failure. */
    public Optional<ProblemException> refusal(Throwable failure) {
        return classify(failure).map(kind -> refusal(kind, failure));
    }

    private ProblemException refusal(Kind kind, Throwable failure) {
        Instant now = clock.instant();
        Instant previous = lastSeen.get(kind).getAndSet(now);
        if (previous.plus(QUIET).isBefore(now)) {
            Log.warnf(
                    "Database %s (%s): answering 503 %s until it recovers; this is logged once per episode",
                    kind == Kind.UNAVAILABLE ? "unavailable" : "has no free connection",
                    describe(failure),
                    kind.problem.code());
        }
        return kind.problem.exception(kind.problem.detail(), Map.of("Retry-After", String.valueOf(kind.retryAfter)));
    }

    /** Exception class names and SQLStates only: messages may carry statement text. */
    private static String describe(Throwable failure) {
        StringBuilder chain = new StringBuilder();
        int depth = 0;
        for (Throwable t = failure; t != null && depth++ < 8; t = t.getCause() == t ? null : t.getCause()) {
            if (!chain.isEmpty()) {
                chain.append(" <- ");
            }
            chain.append(t.getClass().getSimpleName());
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                chain.append(" SQLState ").append(sql.getSQLState());
            }
        }
        return chain.toString();
    }
}
