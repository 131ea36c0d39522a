package io.jwtauth.events;

import io.jwtauth.events.RevocationEvent.Type;
import io.jwtauth.session.SessionRevoked;
import io.jwtauth.token.KeyRetired;
import io.jwtauth.user.AccountChanged;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes every revocation into the event log, inside the revoking transaction (the observers run while it is in
 * progress: if the event cannot be written, the revocation fails with it). A revoked session is {@code
 * session_revoked}; a tokenVersion bump is {@code tokens_revoked} with the new version, followed by {@code
 * subject_disabled} or {@code subject_enabled} when the bump disabled or re-enabled the subject — the kill before the
 * revival, so a reader applying events one by one never accepts an old token in between. A signing key that left the
 * verification set is {@code key_retired}, written in a transaction of its own.
 */
@ApplicationScoped
class RevocationRecorder {

    private final RevocationLog log;
    private final RevocationFanOut fanOut;
    private final Clock clock;

    RevocationRecorder(RevocationLog log, RevocationFanOut fanOut, Clock clock) {
        this.log = log;
        this.fanOut = fanOut;
        this.clock = clock;
    }

    void sessionRevoked(@Observes SessionRevoked revocation) {
        log.append(
                List.of(new RevocationLog.Draft(
                        Type.SESSION_REVOKED, revocation.userId(), revocation.sessionId(), null, revocation.reason())),
                clock.instant());
    }

    void accountChanged(@Observes AccountChanged change) {
        List<RevocationLog.Draft> drafts = new ArrayList<>(2);
        drafts.add(new RevocationLog.Draft(
                Type.TOKENS_REVOKED, change.userId(), null, change.tokenVersion(), change.reason()));
        if (change.enabledChanged()) {
            drafts.add(new RevocationLog.Draft(
                    change.enabled() ? Type.SUBJECT_ENABLED : Type.SUBJECT_DISABLED,
                    change.userId(),
                    null,
                    null,
                    change.reason()));
        }
        log.append(drafts, clock.instant());
    }

    /**
     * A signing key left the verification set on this instance: {@code key_retired} is written once for all instances
     * (the first to apply the change writes it), and this instance's waiting readers read it now — each instance
     * applies the change itself within the reload interval, so no notice between instances is needed.
     */
    void keyRetired(@Observes KeyRetired retired) {
        if (log.appendKeyRetired(retired.kid(), clock.instant())) {
            Log.infof("Revocation event key_retired written for kid %s", retired.kid());
        }
        fanOut.written();
    }
}
