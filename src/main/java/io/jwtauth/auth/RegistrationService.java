package io.jwtauth.auth;

import io.jwtauth.common.AuthConfig;
import io.jwtauth.common.ClientInfo;
import io.jwtauth.common.ProblemException;
import io.jwtauth.common.Problems;
import io.jwtauth.common.SecurityEvents;
import io.jwtauth.user.PasswordHasher;
import io.jwtauth.user.PasswordPolicy;
import io.jwtauth.user.User;
import io.jwtauth.user.UserRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Creates accounts (POST /auth/register): policy-checked password, unique email, role {@code user}, and a verification
 * link mailed to the address (queued with the account).
 */
@ApplicationScoped
class RegistrationService {

    private final UserRepository users;
    private final PasswordPolicy policy;
    private final PasswordHasher hasher;
    private final SecurityEvents events;
    private final AuthConfig config;
    private final Clock clock;
    private final Throttle throttle;
    private final EmailVerification verification;

    RegistrationService(
            UserRepository users,
            PasswordPolicy policy,
            PasswordHasher hasher,
            SecurityEvents events,
            AuthConfig config,
            Clock clock,
            Throttle throttle,
            EmailVerification verification) {
        this.throttle = throttle;
        this.verification = verification;
        this.users = users;
        this.policy = policy;
        this.hasher = hasher;
        this.events = events;
        this.config = config;
        this.clock = clock;
    }

    /**
     * Registers. Every attempt counts towards the registration throttles (per client network and service-wide),
     * successful or not, except one the service was too busy to take (503: its place in the bcrypt queue is taken
     * before anything is counted). The email is checked before the bcrypt work and again, under the unique index,
     * when the account is stored; bcrypt runs outside any transaction and behind every waiting login.
     */
    User register(String email, String password, String displayName, ClientInfo client) {
        if (!config.registration().enabled()) {
            throw Problems.REGISTRATION_DISABLED.exception();
        }
        String hash;
        try (PasswordHasher.Slot newPassword = hasher.admit(PasswordHasher.Work.NEW_PASSWORD)) {
            throttle.reserve("registration", List.of(throttle.registrationFrom(client), throttle.registrations()));
            policy.check("password", password, email);
            if (isTaken(email)) {
                throw emailTaken();
            }
            hash = newPassword.hash(password);
        }
        return insert(email, hash, displayName);
    }

    @Transactional
    boolean isTaken(String email) {
        return users.emailTaken(email);
    }

    @Transactional
    User insert(String email, String passwordHash, String displayName) {
        if (users.emailTaken(email)) {
            throw emailTaken();
        }
        Instant now = clock.instant();
        User user = new User();
        user.id = UUID.randomUUID();
        user.email = email;
        user.displayName = displayName == null || displayName.isBlank() ? null : displayName;
        user.passwordHash = passwordHash;
        user.roles = new String[] {User.ROLE_USER};
        user.enabled = true;
        user.tokenVersion = 0;
        user.createdAt = now;
        user.updatedAt = now;
        users.insert(user); // 409 as well if a concurrent registration of the same email won the race
        verification.mail(user, user.email);
        events.registered(user.id);
        return user;
    }

    private static ProblemException emailTaken() {
        return Problems.EMAIL_TAKEN.exception();
    }
}
