package io.jwtauth.session;

import io.jwtauth.common.AuthConfig;
import io.jwtauth.common.Sql;
import io.jwtauth.user.AccountChanged;
import io.jwtauth.user.AccountUpdated;
import io.jwtauth.user.UserStates;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import java.util.UUID;

/**
 * Tells every instance sharing the database about a revocation: a PostgreSQL NOTIFY sent inside the revoking
 * transaction (so it is heard only if the revocation commits), and what a received one means here
 * ({@link RevocationListener} applies it): the cached state goes, and {@link RevocationHeard} tells whoever serves the
 * revocation event log to read what is new. Payload: {@code u:<user id>} or {@code s:<session id>}.
 */
@ApplicationScoped
class RevocationAnnouncer {

    static final String USER_PREFIX = "u:";
    static final String SESSION_PREFIX = "s:";

    private final Sql sql;
    private final String channel;
    private final UserStates userStates;
    private final SessionStates sessionStates;
    private final Event<RevocationHeard> heard;

    RevocationAnnouncer(
            Sql sql,
            AuthConfig config,
            UserStates userStates,
            SessionStates sessionStates,
            Event<RevocationHeard> heard) {
        this.sql = sql;
        this.channel = config.revocation().channel();
        this.userStates = userStates;
        this.sessionStates = sessionStates;
        this.heard = heard;
    }

    void accountChanged(@Observes AccountChanged change) {
        notify(USER_PREFIX + change.userId());
    }

    /** Nothing is revoked, but every instance's cached view of the account must go. */
    void accountUpdated(@Observes AccountUpdated update) {
        notify(USER_PREFIX + update.userId());
    }

    void sessionRevoked(@Observes SessionRevoked revocation) {
        notify(SESSION_PREFIX + revocation.sessionId());
    }

    /** Applies an announcement received from any instance (this one included). */
    void apply(String payload) {
        if (payload.startsWith(USER_PREFIX)) {
            userStates.invalidate(UUID.fromString(payload.substring(USER_PREFIX.length())));
        } else if (payload.startsWith(SESSION_PREFIX)) {
            sessionStates.invalidate(UUID.fromString(payload.substring(SESSION_PREFIX.length())));
        }
        heard.fire(new RevocationHeard());
    }

    /** Announcements may have been missed (a new listening connection): every cached state goes. */
    void forgetAll() {
        userStates.invalidateAll();
        sessionStates.invalidateAll();
        heard.fire(new RevocationHeard());
    }

    private void notify(String payload) {
        sql.statement("SELECT pg_notify(:channel, :payload)")
                .bind("channel", channel)
                .bind("payload", payload)
                .execute();
    }
}
