package io.jwtauth.auth;

import io.jwtauth.common.AuthConfig;
import io.jwtauth.common.AuthenticationMethods;
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
 * revealed after a correct password, and so is an account with MFA on (403 mfa_required with an mfa_token, completed
 * by {@link MfaLogin}); a hash from before the pepper or of a lower cost is upgraded. bcrypt runs outside any
 * transaction.
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
    private final MfaChallenges challenges;
    private final NewDevices newDevices;
    private final Clock clock;
    private final boolean requireVerifiedEmail;

    LoginService(
            UserRepository users,
            PasswordHasher hasher,
            SessionService sessions,
            SecurityEvents events,
            Throttle throttle,
            DeviceTokens devices,
            MfaChallenges challenges,
            NewDevices newDevices,
            Clock clock,
            AuthConfig config) {
        this.requireVerifiedEmail = config.registration().requireVerifiedEmail();
        this.users = users;
        this.hasher = hasher;
        this.sessions = sessions;
        this.events = events;
        this.throttle = throttle;
        this.devices = devices;
        this.challenges = challenges;
        this.newDevices = newDevices;
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
        return open(
                reservation,
                user,
                upgradedHash(user, password),
                lookup.knownDevice() ? deviceToken : null,
                client,
                AuthenticationMethods.PASSWORD_ONLY);
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
     * After a correct password (and, in {@code amr}, a second factor if one was checked): settles the throttle, then
     * (if the account is enabled) stores the re-hashed password unless it changed meanwhile. An account with MFA on
     * whose second factor was not checked yet gets 403 mfa_required with a new mfa_token; otherwise the session opens,
     * with a device token unless the client has one, and a login from a new device and network is noticed.
     */
    @Transactional(dontRollbackOn = ProblemException.class)
    LoggedIn open(
            Throttle.Reservation reservation,
            User user,
            String upgradedHash,
            String knownDeviceToken,
            ClientInfo client,
            List<String> amr) {
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
            users.update(current);
        }
        if (current.mfaEnabled && !amr.contains(AuthenticationMethods.ONE_TIME_CODE)) {
            throw challenges.issue(current.id);
        }
        String issuedDevice = knownDeviceToken != null ? null : devices.issue(current.id);
        IssuedRefreshToken issued = sessions.open(current, client, amr);
        newDevices.loggedIn(current, issued.sessionId(), client, knownDeviceToken, issuedDevice);
        events.loginSucceeded(current.id, issued.sessionId());
        return new LoggedIn(issued, knownDeviceToken != null ? knownDeviceToken : issuedDevice);
    }
}
