package io.jwtauth.resourceserver;

import io.jwtauth.resourceserver.ResourceServerConfig.WhenStale;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodySubscribers;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;

/**
 * Keeps {@link RevocationState} current from the auth service's revocation events, on one thread of its own: a
 * snapshot ({@code GET /revocations}) at start, then the Server-Sent Events stream ({@code GET /revocations/stream})
 * resumed with {@code Last-Event-ID} after any disconnect (with backoff), and a fresh snapshot when the auth service
 * no longer keeps the cursor (410 {@code cursor_expired}). Requests never wait for it: {@link #refusal} reads memory.
 *
 * <p>The state is "known current" when the feed last heard from the auth service (a snapshot, a stream opened, an
 * event, a heartbeat comment) at most {@code jwt-auth.feed.max-staleness} ago; beyond that,
 * {@code jwt-auth.feed.when-stale} decides. A stream that stays silent longer than {@code jwt-auth.feed.idle-timeout}
 * (the auth service sends a heartbeat every 15 s) is taken for dead and opened again.
 *
 * <p>Logs one line when the feed is lost and one when it is back, not one per attempt; never a token or secret.
 */
@Singleton
final class RevocationFeed {

    private static final Logger LOG = Logger.getLogger(RevocationFeed.class);
    /** How often the feed thread looks at its stream (silence, shutdown) and does its housekeeping. */
    private static final long TICK_MILLIS = 100;
    /** How often expired revocations are forgotten. */
    private static final Duration FORGET_INTERVAL = Duration.ofSeconds(10);

    private final ResourceServerConfig config;
    private final Clock clock;
    private final HttpClient http;
    private final ClientToken clientToken;
    private final String baseUrl;
    private final URI snapshotUri;
    private final URI streamUri;
    private final Duration maxStaleness;
    private final WhenStale whenStale;

    private volatile RevocationState state;
    private volatile String cursor;
    private volatile Instant startedAt;
    private volatile Instant lastCurrent;
    private volatile Instant lastEvent;
    private volatile Instant lastHeartbeat;
    private volatile Instant lastReceived;
    private volatile boolean connected;
    private volatile boolean running;
    private volatile StreamLines stream;
    private volatile boolean outage;
    private Thread thread;
    private Instant nextForget = Instant.MIN;
    private boolean reportedStale;

    @Inject
    RevocationFeed(ResourceServerConfig config) {
        this(config, Clock.systemUTC());
    }

    RevocationFeed(ResourceServerConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(config.feed().connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        this.baseUrl = ResourceServerDefaults.withoutTrailingSlash(config.url().toString());
        this.snapshotUri = URI.create(baseUrl + "/revocations");
        this.streamUri = URI.create(baseUrl + "/revocations/stream");
        this.clientToken = new ClientToken(
                URI.create(baseUrl + "/oauth/token"),
                config.clientId(),
                config.clientSecret(),
                http,
                clock,
                config.feed().connectTimeout());
        this.maxStaleness = config.feed().maxStaleness();
        this.whenStale = config.feed().whenStale();
        this.state = newState();
        this.startedAt = clock.instant();
    }

    void onStart(@Observes StartupEvent event) {
        if (config.enabled()) {
            start();
        } else {
            LOG.warn("jwt-auth.enabled=false: revocations are not checked, a revoked token is accepted until it"
                    + " expires");
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        stop();
    }

    synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        startedAt = clock.instant();
        thread = new Thread(this::run, "jwt-auth-revocation-feed");
        thread.setDaemon(true);
        thread.start();
    }

    synchronized void stop() {
        running = false;
        StreamLines open = stream;
        if (open != null) {
            open.cancel();
        }
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(TimeUnit.SECONDS.toMillis(2));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            thread = null;
        }
        connected = false;
    }

    /**
     * The reason to refuse a token whose signature verified, or {@code null}: the revocation rule over the state
     * known, and, with {@code when-stale=refuse}, every token while that state is not known current.
     */
    Refusal refusal(TokenFacts token) {
        if (whenStale == WhenStale.REFUSE && !current()) {
            return Refusal.FEED_STALE;
        }
        return state.refusal(token);
    }

    /** Whether the state was known current at most {@code max-staleness} ago (never before the first snapshot). */
    boolean current() {
        return currentAt(lastCurrent, clock.instant());
    }

    private boolean currentAt(Instant known, Instant now) {
        return known != null && !known.plus(maxStaleness).isBefore(now);
    }

    FeedStatus status() {
        Instant now = clock.instant();
        Instant known = lastCurrent;
        return new FeedStatus(
                connected,
                currentAt(known, now),
                secondsSince(known != null ? known : startedAt, now),
                lastEvent == null ? -1 : secondsSince(lastEvent, now),
                lastHeartbeat == null ? -1 : secondsSince(lastHeartbeat, now),
                cursor,
                state.sizes());
    }

    WhenStale whenStale() {
        return whenStale;
    }

    private void run() {
        Duration backoff = config.feed().initialBackoff();
        while (running) {
            try {
                if (cursor == null) {
                    snapshot();
                }
                if (follow()) {
                    backoff = config.feed().initialBackoff();
                }
            } catch (FeedException e) {
                if (e.status() == 410) {
                    // the auth service no longer keeps our cursor: only a fresh snapshot is complete
                    cursor = null;
                    backoff = config.feed().initialBackoff();
                    LOG.infof("Revocation feed: the cursor expired at %s; taking a fresh snapshot", baseUrl);
                } else {
                    if (e.status() == 401) {
                        clientToken.invalidate();
                    }
                    lost(e.getMessage());
                }
            } catch (IOException | JsonException | IllegalStateException e) {
                lost(describe(e));
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                // a bug, or an answer this version cannot read: its trace once per outage, and the feed keeps trying
                if (!outage) {
                    LOG.error("Revocation feed: unexpected failure", e);
                }
                lost(describe(e));
            }
            connected = false;
            if (!pause(jittered(backoff))) {
                return;
            }
            backoff = doubled(backoff);
        }
    }

    /** Replaces the state with the auth service's snapshot of every revocation that can still matter. */
    private void snapshot() throws IOException, InterruptedException, FeedException {
        HttpRequest request = HttpRequest.newBuilder(snapshotUri)
                .timeout(config.feed().connectTimeout())
                .header("Authorization", "Bearer " + clientToken.get())
                .header("Accept", "application/json")
                .GET()
                .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw refused("GET /revocations", response.statusCode());
        }
        JsonObject body;
        try (JsonReader reader = Json.createReader(new StringReader(response.body()))) {
            body = reader.readObject();
        }
        String snapshotCursor = RevocationEvent.cursor(body.get("cursor"));
        if (snapshotCursor == null || !(body.get("events") instanceof jakarta.json.JsonArray events)) {
            throw new FeedException(0, "GET /revocations answered without events or cursor");
        }
        Instant now = clock.instant();
        RevocationState fresh = newState();
        for (JsonValue event : events) {
            if (event instanceof JsonObject object) {
                fresh.apply(RevocationEvent.from(object), now);
            }
        }
        fresh.forgetExpired(now);
        state = fresh;
        cursor = snapshotCursor;
        lastCurrent = now;
        LOG.debugf("Revocation feed: snapshot of %d revocations from %s, cursor %s", events.size(), baseUrl, cursor);
    }

    /**
     * Follows the stream from the cursor until it ends (the auth service closed it) or falls silent; true if it was
     * opened. Each event is applied before the cursor moves past it, so a resumed stream misses nothing.
     */
    private boolean follow() throws IOException, InterruptedException, FeedException {
        String from = cursor;
        StreamLines lines = new StreamLines(from);
        HttpRequest request = HttpRequest.newBuilder(streamUri)
                .timeout(config.feed().connectTimeout())
                .header("Authorization", "Bearer " + clientToken.get())
                .header("Accept", "text/event-stream")
                .header("Last-Event-ID", from)
                .GET()
                .build();
        lastReceived = clock.instant();
        stream = lines;
        CompletableFuture<HttpResponse<String>> response = http.sendAsync(request, info -> {
            if (info.statusCode() != 200) {
                return BodySubscribers.ofString(StandardCharsets.UTF_8);
            }
            opened();
            return BodySubscribers.fromLineSubscriber(lines, subscriber -> null, StandardCharsets.UTF_8, null);
        });
        try {
            while (true) {
                try {
                    HttpResponse<String> ended = response.get(TICK_MILLIS, TimeUnit.MILLISECONDS);
                    if (ended.statusCode() != 200) {
                        throw refused("GET /revocations/stream", ended.statusCode());
                    }
                    LOG.debugf("Revocation feed: %s closed the stream; resuming from %s", baseUrl, cursor);
                    return true;
                } catch (TimeoutException stillOpen) {
                    housekeeping();
                    if (!running) {
                        return connected;
                    }
                    Duration silence = Duration.between(lastReceived, clock.instant());
                    if (silence.compareTo(config.feed().idleTimeout()) > 0) {
                        boolean wasOpen = connected;
                        lost("nothing received for " + silence.toMillis() + " ms");
                        return wasOpen;
                    }
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof IOException io) {
                        throw io;
                    }
                    throw new IOException(e.getCause());
                }
            }
        } finally {
            lines.cancel();
            response.cancel(true);
            stream = null;
            connected = false;
        }
    }

    private void opened() {
        Instant now = clock.instant();
        connected = true;
        lastCurrent = now;
        lastReceived = now;
        if (outage) {
            outage = false;
            LOG.infof("Revocation feed from %s is back (resumed from cursor %s)", baseUrl, cursor);
        }
    }

    /** The lines of one stream: each event applied to the state, then the cursor moved to its id. */
    private final class StreamLines implements Flow.Subscriber<String>, ServerSentEvents.Listener {

        private final ServerSentEvents events;
        private volatile Flow.Subscription subscription;
        private volatile boolean cancelled;

        StreamLines(String from) {
            this.events = new ServerSentEvents(this, from);
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            this.subscription = subscription;
            if (cancelled) {
                subscription.cancel();
            } else {
                subscription.request(Long.MAX_VALUE);
            }
        }

        @Override
        public void onNext(String line) {
            if (cancelled) {
                return;
            }
            lastReceived = clock.instant();
            events.line(line);
        }

        @Override
        public void onError(Throwable throwable) {
            // the response future fails with it, and the feed thread reconnects
        }

        @Override
        public void onComplete() {
            // the response future completes, and the feed thread reconnects
        }

        @Override
        public void onEvent(String id, String type, String data) {
            Instant now = clock.instant();
            try (JsonReader reader = Json.createReader(new StringReader(data))) {
                state.apply(RevocationEvent.from(reader.readObject()), now);
            } catch (JsonException | IllegalStateException e) {
                LOG.warnf("Revocation feed: event %s from %s is not a JSON object; skipped", id, baseUrl);
            }
            if (id != null && !id.isEmpty()) {
                cursor = id;
            }
            lastEvent = now;
            lastCurrent = now;
        }

        @Override
        public void onComment(String comment) {
            Instant now = clock.instant();
            lastHeartbeat = now;
            lastCurrent = now;
        }

        void cancel() {
            cancelled = true;
            Flow.Subscription current = subscription;
            if (current != null) {
                current.cancel();
            }
        }
    }

    /** Forgets expired revocations, and says once when the state turns stale and once when it is current again. */
    private void housekeeping() {
        Instant now = clock.instant();
        if (!now.isBefore(nextForget)) {
            state.forgetExpired(now);
            nextForget = now.plus(FORGET_INTERVAL);
        }
        boolean stale = !current();
        if (stale && !reportedStale && Duration.between(startedAt, now).compareTo(maxStaleness) > 0) {
            reportedStale = true;
            LOG.warnf(
                    "Revocation state not known current for over %s (jwt-auth.feed.max-staleness): %s",
                    maxStaleness,
                    whenStale == WhenStale.REFUSE
                            ? "refusing every token until it is"
                            : "accepting tokens on their signature and the revocations known so far");
        } else if (!stale && reportedStale) {
            reportedStale = false;
            LOG.info("Revocation state is current again");
        }
    }

    /** Waits, doing housekeeping meanwhile; false when the feed is stopping. */
    private boolean pause(Duration duration) {
        Instant until = clock.instant().plus(duration);
        try {
            while (running) {
                housekeeping();
                long left = Duration.between(clock.instant(), until).toMillis();
                if (left <= 0) {
                    return true;
                }
                Thread.sleep(Math.min(left, TICK_MILLIS));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return false;
    }

    private void lost(String reason) {
        connected = false;
        if (!outage) {
            outage = true;
            LOG.warnf(
                    "Revocation feed from %s lost: %s; reconnecting with backoff (tokens are checked against the"
                            + " revocations known so far)",
                    baseUrl, reason);
        } else {
            LOG.debugf("Revocation feed from %s still lost: %s", baseUrl, reason);
        }
    }

    private static FeedException refused(String what, int status) {
        String hint = switch (status) {
            case 401 -> ": the client token was refused (a new one is requested)";
            case 403 -> ": this API's client needs the role resource-server";
            default -> "";
        };
        return new FeedException(status, what + " answered " + status + hint);
    }

    private static String describe(Exception e) {
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null ? "" : " (" + message + ")");
    }

    private RevocationState newState() {
        return new RevocationState(config.tokenMaxLifetime(), config.clockSkew());
    }

    private Duration jittered(Duration backoff) {
        return Duration.ofMillis(
                (long) (backoff.toMillis() * ThreadLocalRandom.current().nextDouble(0.8, 1.2)));
    }

    private Duration doubled(Duration backoff) {
        Duration twice = backoff.multipliedBy(2);
        return twice.compareTo(config.feed().maxBackoff()) > 0 ? config.feed().maxBackoff() : twice;
    }

    private static double secondsSince(Instant then, Instant now) {
        // nanoseconds, so that a state no longer current always shows a staleness above max-staleness
        return Duration.between(then, now).toNanos() / 1e9;
    }
}
