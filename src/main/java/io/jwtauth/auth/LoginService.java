package io.jwtauth.auth;

import io.jwtauth.common.AuthConfig;
import io.jwtauth.common.ClientInfo;
import io.jwtauth.common.ProblemException;
import io.jwtauth.common.Problems;
import io.jwtauth.common.SecurityEvents;
import io.jwtauth.session.IssuedRefreshToken;
import io.jwtauth.session.SessionService;
import io.jwtauth.user.PasswordHasher;
import io.jwtauth.user.User;
import io.jwtauth.user.UserRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Login (POST /auth/login): unknown email and wrong password are indistinguishable — same answer, same bcrypt
 * work, same throttle keys; a disabled account (or, when verified addresses are required, an unverified one) is only
 * revealed after a correct password; a hash from before the
 * pepper or of a lower cost is upgraded. bcrypt runs outside any transaction.
 */
@ApplicationScoped
class LoginService {

    /** A new session, and the device token the client keeps for its next logins to this account. */
    record LoggedIn(IssuedRefreshToken issued, String deviceToken) {}

    private final UserRepository users;
    private final PasswordHasher hasher;
    private final SessionService sessions;
    private final SecurityEvents events;
    private final Throttle throttle;
    private final DeviceTokens devices;
    private final Clock clock;
    private final boolean requireVerifiedEmail;

    LoginService(
            UserRepository users,
            PasswordHasher hasher,
            SessionService sessions,
            SecurityEvents events,
            Throttle throttle,
            DeviceTokens devices,
            Clock clock,
            AuthConfig config) {
        this.requireVerifiedEmail = config.registration().requireVerifiedEmail();
        this.users = users;
        this.hasher = hasher;
        this.sessions = sessions;
        this.events = events;
        this.throttle = throttle;
        this.devices = devices;
        this.clock = clock;
    }

    /**
     * {@code email} is normalised; {@code deviceToken} is what the client kept from an earlier login, or null. The
     * place in the bcrypt queue is taken first, so an attempt the service could not check (503) counts nowhere.
     */
    LoggedIn login(String email, String password, String deviceToken, ClientInfo client) {
        Lookup lookup;
        Throttle.Reservation reservation;
        boolean correct;
        try (PasswordHasher.Slot check = hasher.admit(PasswordHasher.Work.CHECK)) {
            lookup = lookup(email, deviceToken);
            List<Throttle.Key> keys =
                    new ArrayList<>(List.of(throttle.login(email, client), throttle.loginFrom(client)));
            if (!lookup.knownDevice()) {
                keys.add(throttle.account(email));
            }
            reservation = throttle.reserve("login", keys);
            if (lookup.user().isPresent()) {
                correct = check.matches(password, lookup.user().get().passwordHash);
            } else {
                check.matchDummy(password);
                correct = false;
            }
        }
        if (!correct) {
            events.loginFailed("invalid_credentials");
            throw Problems.INVALID_CREDENTIALS.exception();
        }
        User user = lookup.user().get();
        LoggedIn loggedIn = open(
                reservation, user, upgradedHash(user, password), lookup.knownDevice() ? deviceToken : null, client);
        events.loginSucceeded(user.id, loggedIn.issued().sessionId());
        return loggedIn;
    }

    /** A hash at the current scheme and cost if the stored one is older; none if the service is too busy now. */
    private String upgradedHash(User user, String password) {
        if (!hasher.needsRehash(user.passwordHash)) {
            return null;
        }
        try {
            return hasher.rehash(password);
        } catch (ProblemException overloaded) {
            return null; // the next login upgrades it
        }
    }

    /** The account, if any, and whether the client presented one of its device tokens. */
    record Lookup(Optional<User> user, boolean knownDevice) {}

    /** Reads in a short transaction of its own: no connection is held while bcrypt runs. */
    @Transactional
    Lookup lookup(String email, String deviceToken) {
        return new Lookup(users.findByEmail(email), devices.isKnownDevice(deviceToken, email));
    }

    /**
     * After a correct password: settles the throttle, then (if the account is enabled) stores the re-hashed password
     * unless it changed meanwhile, opens the session and issues a device token unless the client has one.
     */
    @Transactional(dontRollbackOn = ProblemException.class)
    LoggedIn open(
            Throttle.Reservation reservation,
            User user,
            String upgradedHash,
            String knownDeviceToken,
            ClientInfo client) {
        throttle.succeeded(reservation);
        User current = users.findForUpdate(user.id);
        if (!current.enabled) {
            events.loginFailed("account_disabled");
            throw Problems.ACCOUNT_DISABLED.exception();
        }
        if (requireVerifiedEmail && !current.emailVerified) {
            events.loginFailed("email_unverified");
            throw Problems.EMAIL_UNVERIFIED.exception();
        }
        if (upgradedHash != null && current.passwordHash.equals(user.passwordHash)) {
            current.passwordHash = upgradedHash;
            current.updatedAt = clock.instant();
        }
        String deviceToken = knownDeviceToken != null ? knownDeviceToken : devices.issue(current.id);
        return new LoggedIn(sessions.open(current, client), deviceToken);
    }
}
