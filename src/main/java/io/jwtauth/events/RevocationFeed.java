package io.jwtauth.events;

import io.jwtauth.common.AuthConfig;
import io.jwtauth.common.DatabaseFailures;
import io.jwtauth.common.ProblemException;
import io.jwtauth.common.Problems;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.smallrye.mutiny.operators.multi.processors.UnicastProcessor;
import io.smallrye.mutiny.subscription.BackPressureFailure;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the readers of the revocation event log get (API.md "Revocation events"): a snapshot of every event that can
 * still matter, the events after a cursor (waiting for the next one, a long poll), or all of that as a stream. The
 * database is read once per request; what comes after is handed over from memory by {@link RevocationFanOut}.
 */
@ApplicationScoped
class RevocationFeed {

    /** Events by id, and the cursor to continue from ({@code ?after=cursor} returns what follows). */
    record Page(List<RevocationEvent> events, long cursor) {}

    /** What a stream sends: events, one {@link CaughtUp} when the snapshot or resumption is done, heartbeats. */
    sealed interface StreamItem permits Event, CaughtUp, Heartbeat {}

    record Event(RevocationEvent event) implements StreamItem {}

    /** Everything up to {@code cursor} has been sent; what follows is live. */
    record CaughtUp(long cursor) implements StreamItem {}

    record Heartbeat() implements StreamItem {}

    private static final Heartbeat HEARTBEAT = new Heartbeat();

    private final RevocationLog log;
    private final RevocationFanOut fanOut;
    private final Clock clock;
    private final Duration relevance;
    private final int pageSize;
    private final int streamBuffer;

    RevocationFeed(RevocationLog log, RevocationFanOut fanOut, Clock clock, AuthConfig config) {
        this.log = log;
        this.fanOut = fanOut;
        this.clock = clock;
        this.relevance = relevance(config);
        this.pageSize = config.revocationEvents().pageSize();
        this.streamBuffer = config.revocationEvents().streamBuffer();
    }

    /**
     * How long an event can matter: a token it kills may be valid for at most the access-token lifetime plus the
     * allowed clock skew after it was issued, so after the event too.
     */
    static Duration relevance(AuthConfig config) {
        return config.accessToken().lifespan().plusSeconds(config.clockSkew());
    }

    /** Every event that can still matter (up to a page), and the cursor after them. */
    Page snapshot() {
        return page(log.since(clock.instant().minus(relevance), pageSize));
    }

    /** The events after {@code cursor} (up to a page); 410 cursor_expired if some of them may be gone. */
    Page after(long cursor) {
        RevocationLog.Slice slice = log.after(cursor, pageSize);
        // a cursor above the newest id was never handed out here (say, from a database restored since): only a
        // snapshot can tell its reader what is true now
        if (cursor < slice.prunedThrough() || cursor > slice.newest()) {
            throw Problems.CURSOR_EXPIRED.exception();
        }
        return page(slice);
    }

    /**
     * The events after {@code cursor}; when there are none yet, waits up to {@code wait} for the next ones and
     * answers as soon as they commit (an empty page when none came).
     */
    Uni<Page> poll(long cursor, Duration wait) {
        LongPoll poll = new LongPoll(cursor);
        fanOut.add(poll);
        Page now;
        try {
            now = after(cursor);
        } catch (RuntimeException e) {
            fanOut.remove(poll);
            throw e;
        }
        if (!now.events().isEmpty() || wait.isZero()) {
            fanOut.remove(poll);
            return Uni.createFrom().item(now);
        }
        return Uni.createFrom()
                .completionStage(poll.next)
                .ifNoItem()
                .after(wait)
                .recoverWithItem(now)
                .onTermination()
                .invoke(() -> fanOut.remove(poll))
                // answered from the fan-out's thread otherwise
                .emitOn(Infrastructure.getDefaultWorkerPool());
    }

    /**
     * The events after {@code lastEventId} (or, without it, the snapshot), then {@link CaughtUp}, then every new event
     * as it commits, with heartbeats, until {@code until} (the caller's token expires) or the client goes. 410 now if
     * the cursor is too old; a stream that falls too far behind, or outlives what this instance can vouch for, ends
     * and is resumed by its client.
     */
    Multi<StreamItem> stream(OptionalLong lastEventId, Instant until) {
        Stream stream = new Stream(streamBuffer);
        fanOut.add(stream);
        Page first;
        try {
            first = lastEventId.isPresent() ? after(lastEventId.getAsLong()) : snapshot();
        } catch (RuntimeException e) {
            fanOut.remove(stream);
            throw e;
        }
        AtomicLong sent = new AtomicLong(lastEventId.orElse(Long.MIN_VALUE));
        Duration lifetime = Duration.between(clock.instant(), until);
        return Multi.createBy()
                .concatenating()
                .streams(catchUp(first), stream.items)
                // what the fan-out delivered while the catch-up was read may be in both
                .select()
                .where(item -> !(item instanceof Event e) || e.event().id() > sent.get())
                .onItem()
                .invoke(item -> {
                    if (item instanceof Event e) {
                        sent.set(e.event().id());
                    } else if (item instanceof CaughtUp c) {
                        sent.set(Math.max(sent.get(), c.cursor()));
                    }
                })
                .select()
                .first(lifetime.isNegative() || lifetime.isZero() ? Duration.ofMillis(1) : lifetime)
                .onFailure(RevocationFeed::endsTheStream)
                .recoverWithCompletion()
                .onTermination()
                .invoke(() -> fanOut.remove(stream));
    }

    /** A page's events, then the next page read when they have been sent, ..., then {@link CaughtUp}. */
    private Multi<StreamItem> catchUp(Page page) {
        Multi<StreamItem> events = Multi.createFrom().iterable(page.events()).map(Event::new);
        Multi<StreamItem> next = page.events().size() < pageSize
                ? Multi.createFrom().item(new CaughtUp(page.cursor()))
                : Uni.createFrom()
                        .item(() -> after(page.cursor()))
                        .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                        .onItem()
                        .transformToMulti(this::catchUp);
        return Multi.createBy().concatenating().streams(events, next);
    }

    /**
     * Failures that end a stream normally: its client reconnects with Last-Event-ID and gets the events, or the
     * answer (410, 503) as a status.
     */
    private static boolean endsTheStream(Throwable failure) {
        return failure instanceof BackPressureFailure
                || failure instanceof ProblemException
                || DatabaseFailures.classify(failure).isPresent();
    }

    private Page page(RevocationLog.Slice slice) {
        List<RevocationEvent> events = slice.events();
        // a full page may be followed by more: continue after its last event
        long cursor = events.size() == pageSize ? events.get(events.size() - 1).id() : slice.newest();
        return new Page(events, cursor);
    }

    /** A long poll: the first events after its cursor that the fan-out delivers. */
    private static final class LongPoll implements RevocationFanOut.Reader {

        private final long cursor;
        private final CompletableFuture<Page> next = new CompletableFuture<>();

        LongPoll(long cursor) {
            this.cursor = cursor;
        }

        @Override
        public void deliver(List<RevocationEvent> events) {
            List<RevocationEvent> after =
                    events.stream().filter(e -> e.id() > cursor).toList();
            if (!after.isEmpty()) {
                next.complete(new Page(after, after.get(after.size() - 1).id()));
            }
        }

        @Override
        public void heartbeat() {
            // a long poll answers within 30 s
        }

        @Override
        public void end() {
            next.complete(new Page(List.of(), cursor));
        }
    }

    /** A stream: what the fan-out delivers, queued (bounded) until the catch-up has been sent. */
    private static final class Stream implements RevocationFanOut.Reader {

        private final UnicastProcessor<StreamItem> items;

        Stream(int buffer) {
            // full: the processor fails with BackPressureFailure, which ends the stream (its client resumes)
            this.items = UnicastProcessor.create(new ArrayBlockingQueue<>(buffer), null);
        }

        @Override
        public void deliver(List<RevocationEvent> events) {
            for (RevocationEvent event : events) {
                items.onNext(new Event(event));
            }
        }

        @Override
        public void heartbeat() {
            items.onNext(HEARTBEAT);
        }

        @Override
        public void end() {
            items.onComplete();
        }
    }
}
