package io.jwtauth.auth;

import io.jwtauth.common.AuthConfig;
import io.jwtauth.common.ClientInfo;
import io.jwtauth.common.ProblemException;
import io.jwtauth.common.SecurityEvents;
import io.jwtauth.user.PasswordHasher;
import io.jwtauth.user.PasswordPolicy;
import io.jwtauth.user.User;
import io.jwtauth.user.UserRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import org.hibernate.exception.ConstraintViolationException;

/** Creates accounts (POST /auth/register): policy-checked password, unique email, role {@code user}. */
@ApplicationScoped
class RegistrationService {

    private final UserRepository users;
    private final PasswordPolicy policy;
    private final PasswordHasher hasher;
    private final SecurityEvents events;
    private final AuthConfig config;
    private final Clock clock;
    private final LoginThrottle throttle;

    RegistrationService(UserRepository users, PasswordPolicy policy, PasswordHasher hasher, SecurityEvents events,
            AuthConfig config, Clock clock, LoginThrottle throttle) {
        this.throttle = throttle;
        this.users = users;
        this.policy = policy;
        this.hasher = hasher;
        this.events = events;
        this.config = config;
        this.clock = clock;
    }

    /** Registers; refused attempts (taken email, policy) count towards the per-IP registration throttle. */
    User register(String email, String password, String displayName, ClientInfo client) {
        if (!config.registration().enabled()) {
            throw new ProblemException(403, "registration_disabled", "Registration is disabled on this service");
        }
        throttle.checkRegistration(client);
        try {
            policy.check("password", password, email);
            return insert(email, hasher.hash(password), displayName);
        } catch (ProblemException e) {
            if (e.status() == 400 || e.status() == 409) {
                throttle.registrationFailed(client);
            }
            throw e;
        }
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
        user.roles = new String[] { User.ROLE_USER };
        user.enabled = true;
        user.tokenVersion = 0;
        user.createdAt = now;
        user.updatedAt = now;
        try {
            users.persistAndFlush(user);
        } catch (ConstraintViolationException e) {
            throw emailTaken(); // a concurrent registration of the same email won the race
        }
        events.registered(user.id);
        return user;
    }

    private static ProblemException emailTaken() {
        return new ProblemException(409, "email_taken", "An account with this email already exists");
    }
}
