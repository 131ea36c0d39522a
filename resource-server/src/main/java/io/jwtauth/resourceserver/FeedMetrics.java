package io.jwtauth.resourceserver;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The library's metrics: {@code jwt_auth_revocation_feed_staleness_seconds} (seconds since the revocation state was
 * last known current; the one to alert on), {@code jwt_auth_revocation_feed_connected} (1 while a stream is open),
 * {@code jwt_auth_revocation_state_entries{kind}} and {@code jwt_auth_tokens_refused_total{reason}}.
 */
@ApplicationScoped
class FeedMetrics {

    private final MeterRegistry registry;
    private final RevocationFeed feed;
    private final boolean enabled;
    private final Map<Refusal, Counter> refusals = new EnumMap<>(Refusal.class);

    FeedMetrics(MeterRegistry registry, RevocationFeed feed, ResourceServerConfig config) {
        this.registry = registry;
        this.feed = feed;
        this.enabled = config.enabled();
        for (Refusal refusal : Refusal.values()) {
            refusals.put(
                    refusal,
                    Counter.builder("jwt.auth.tokens.refused")
                            .description("Tokens with a valid signature refused by the revocation check")
                            .tag("reason", refusal.tag())
                            .register(registry));
        }
    }

    void register(@Observes StartupEvent event) {
        if (!enabled) {
            return; // no feed: a staleness growing forever would only raise alerts
        }
        Gauge.builder(
                        "jwt.auth.revocation.feed.staleness",
                        feed,
                        f -> f.status().stalenessSeconds())
                .description("Seconds since the revocation state was last known current (since start-up before the"
                        + " first snapshot)")
                .baseUnit("seconds")
                .register(registry);
        Gauge.builder(
                        "jwt.auth.revocation.feed.connected",
                        feed,
                        f -> f.status().connected() ? 1 : 0)
                .description("1 while the revocation event stream is open")
                .register(registry);
        for (String kind : List.of("revokedSessions", "subjectsWithRevokedTokens", "disabledSubjects", "retiredKeys")) {
            Gauge.builder(
                            "jwt.auth.revocation.state.entries",
                            feed,
                            f -> f.status().sizes().get(kind))
                    .description("Revocations held in memory, by kind")
                    .tag("kind", kind)
                    .register(registry);
        }
    }

    void refused(Refusal refusal) {
        refusals.get(refusal).increment();
    }
}
