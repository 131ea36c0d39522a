package io.jwtauth.resourceserver;

import java.util.Map;

/**
 * The revocation feed at one moment, for the readiness check and the metrics: whether a stream is open, whether the
 * state is current (known current within {@code jwt-auth.feed.max-staleness}), the seconds since it was last known
 * current (since start-up before the first snapshot), since the last event and the last heartbeat ({@code -1}: none
 * yet), the cursor, and the state's size.
 */
record FeedStatus(
        boolean connected,
        boolean current,
        double stalenessSeconds,
        double lastEventAgeSeconds,
        double lastHeartbeatAgeSeconds,
        String cursor,
        Map<String, Integer> sizes) {}
