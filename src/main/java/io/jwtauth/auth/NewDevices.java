package io.jwtauth.auth;

import io.jwtauth.common.AuthConfig;
import io.jwtauth.common.ClientInfo;
import io.jwtauth.common.SecurityEvents;
import io.jwtauth.common.Sha256;
import io.jwtauth.mail.MailOutbox;
import io.jwtauth.user.User;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * New-sign-in notices: a successful login from a device and network (the client's /24 or /64) that the account has not
 * used within {@code auth.new-device.window} mails the account a notice and writes the audit event
 * {@code login.new_device}. The device is the client's device token (of the throttling rules) where it presented one,
 * else its User-Agent. A login that hands out a device token records that token's pair as seen too, so the client's
 * next login, now presenting it, is not new. Costs one upsert on the primary key per login.
 */
@ApplicationScoped
class NewDevices {

    static final String MAIL_TEMPLATE = "new-sign-in";

    private final KnownDeviceRepository known;
    private final MailOutbox mail;
    private final SecurityEvents events;
    private final Duration window;
    private final Clock clock;

    NewDevices(KnownDeviceRepository known, MailOutbox mail, SecurityEvents events, AuthConfig config, Clock clock) {
        this.known = known;
        this.mail = mail;
        this.events = events;
        this.window = config.newDevice().window();
        this.clock = clock;
    }

    /**
     * In the login's transaction: {@code presentedDevice} is the device token the client logged in with (null if
     * none), {@code issuedDevice} the one this login hands it (null if none).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    void loggedIn(User user, UUID sessionId, ClientInfo client, String presentedDevice, String issuedDevice) {
        Instant now = clock.instant();
        byte[] used =
                fingerprint(presentedDevice != null ? "token|" + presentedDevice : "ua|" + client.userAgent(), client);
        List<byte[]> fingerprints = new ArrayList<>(2);
        fingerprints.add(used);
        if (issuedDevice != null) {
            fingerprints.add(fingerprint("token|" + issuedDevice, client));
        }
        boolean isNew = known.seen(user.id, fingerprints, now, now.minus(window)).stream()
                .anyMatch(f -> Arrays.equals(f, used));
        if (isNew) {
            events.newDevice(user.id, sessionId);
            mail.enqueue(
                    user.email,
                    MAIL_TEMPLATE,
                    Map.of(
                            "email",
                            user.email,
                            "at",
                            now.truncatedTo(ChronoUnit.SECONDS).toString(),
                            "ipAddress",
                            client.ipAddress(),
                            "userAgent",
                            client.userAgent() == null ? "unknown" : client.userAgent()));
        }
    }

    @Scheduled(every = "${auth.purge.every}", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    @Transactional
    void purge() {
        known.purge(clock.instant().minus(window));
    }

    private static byte[] fingerprint(String device, ClientInfo client) {
        return Sha256.of(device + "|" + client.network());
    }
}
