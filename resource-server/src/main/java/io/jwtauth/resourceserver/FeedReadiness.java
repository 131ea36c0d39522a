package io.jwtauth.resourceserver;

import io.jwtauth.resourceserver.ResourceServerConfig.WhenStale;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness "jwt-auth revocation feed", with the feed's data (connected, current, staleness and the ages of the last
 * event and heartbeat in milliseconds, cursor, state size). DOWN until the first snapshot arrives (for at most {@code max-staleness} with
 * {@code when-stale=accept}), and with {@code when-stale=refuse} whenever the state is stale, since then every token
 * would be refused; UP otherwise, also when stale with {@code accept} (the API still serves, on signatures).
 */
@Readiness
@ApplicationScoped
class FeedReadiness implements HealthCheck {

    static final String NAME = "jwt-auth revocation feed";

    private final RevocationFeed feed;
    private final ResourceServerConfig config;

    FeedReadiness(RevocationFeed feed, ResourceServerConfig config) {
        this.feed = feed;
        this.config = config;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named(NAME);
        if (!config.enabled()) {
            return response.up().withData("enabled", false).build();
        }
        FeedStatus status = feed.status();
        boolean up = status.current()
                || (feed.whenStale() == WhenStale.ACCEPT
                        && status.stalenessSeconds()
                                > config.feed().maxStaleness().toMillis() / 1000.0);
        response.status(up)
                .withData("connected", status.connected())
                .withData("current", status.current())
                .withData("whenStale", feed.whenStale().name().toLowerCase(java.util.Locale.ROOT))
                .withData("stalenessMillis", millis(status.stalenessSeconds()))
                .withData("lastEventAgeMillis", millis(status.lastEventAgeSeconds()))
                .withData("lastHeartbeatAgeMillis", millis(status.lastHeartbeatAgeSeconds()));
        if (status.cursor() != null) {
            response.withData("cursor", status.cursor());
        }
        status.sizes().forEach((kind, size) -> response.withData(kind, size));
        return response.build();
    }

    /** Health data holds whole numbers: milliseconds, {@code -1} for "none yet". */
    private static long millis(double seconds) {
        return seconds < 0 ? -1 : Math.round(seconds * 1000);
    }
}
