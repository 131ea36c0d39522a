package io.jwtauth.admin;

import io.jwtauth.common.Emails;
import io.jwtauth.common.ProblemException;
import io.jwtauth.common.SecurityEvents;
import io.jwtauth.session.Revocations;
import io.jwtauth.user.PasswordHasher;
import io.jwtauth.user.PasswordPolicy;
import io.jwtauth.user.User;
import io.jwtauth.user.UserRepository;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Creates the first admin from ADMIN_EMAIL / ADMIN_PASSWORD at start-up when no enabled admin exists (otherwise
 * they are not even checked). Idempotent across restarts, and across instances starting together (the check and
 * the insert hold the admin-changes lock).
 */
@Singleton
class AdminBootstrap {

    private final UserRepository users;
    private final PasswordPolicy policy;
    private final PasswordHasher hasher;
    private final SecurityEvents events;
    private final Clock clock;
    private final Revocations revocations;
    private final Optional<String> email;
    private final Optional<String> password;

    AdminBootstrap(
            UserRepository users,
            PasswordPolicy policy,
            PasswordHasher hasher,
            SecurityEvents events,
            Clock clock,
            Revocations revocations,
            @ConfigProperty(name = "admin.email") Optional<String> email,
            @ConfigProperty(name = "admin.password") Optional<String> password) {
        this.users = users;
        this.policy = policy;
        this.hasher = hasher;
        this.events = events;
        this.clock = clock;
        this.revocations = revocations;
        this.email = email.map(Emails::normalise).filter(e -> !e.isEmpty());
        this.password = password.filter(p -> !p.isEmpty());
    }

    void onStart(@Observes @Priority(3) StartupEvent event) {
        if (email.isEmpty() || password.isEmpty()) {
            return;
        }
        // Every restart after the first: an admin exists, so neither the password policy (its blocklist) nor a
        // bcrypt hash is needed — they would only slow the start. bootstrap() checks again under the lock.
        if (QuarkusTransaction.requiringNew().call(() -> users.countEnabledAdminsOtherThan(new UUID(0, 0))) > 0) {
            return;
        }
        try {
            policy.check("ADMIN_PASSWORD", password.get(), email.get());
        } catch (ProblemException e) {
            Log.errorf("Refusing to start: ADMIN_PASSWORD %s", e.errors().get(0).message());
            Quarkus.asyncExit(1);
            return;
        }
        String hash = hasher.hash(password.get());
        QuarkusTransaction.requiringNew().run(() -> bootstrap(hash));
    }

    private void bootstrap(String hash) {
        users.lockAdminChanges();
        if (users.countEnabledAdminsOtherThan(new UUID(0, 0)) > 0) {
            return;
        }
        Instant now = clock.instant();
        // an existing account is locked like every user being changed, so a change it makes meanwhile is not
        // overwritten
        Optional<User> existing = users.findByEmail(email.get()).map(u -> users.findForUpdate(u.id));
        User admin = existing.orElseGet(User::new);
        if (existing.isEmpty()) {
            admin.id = UUID.randomUUID();
            admin.email = email.get();
            admin.passwordHash = hash;
            admin.createdAt = now;
            admin.tokenVersion = 0;
            // the operator who configured ADMIN_EMAIL vouches for it; an existing account keeps its own state
            admin.emailVerified = true;
        }
        admin.roles = new String[] {User.ROLE_USER, User.ROLE_ADMIN};
        admin.updatedAt = now;
        if (existing.isEmpty()) {
            admin.enabled = true;
            users.insert(admin);
        } else {
            // an account registered earlier with this email must not keep its own password as admin (and if it was
            // disabled, enabling it is announced like any other)
            admin.passwordHash = hash;
            revocations.setEnabled(admin, true, "bootstrap_admin", null);
        }
        events.adminAction(null, "bootstrap_admin", admin.id);
        Log.infof("Bootstrap admin %s is ready (user %s)", existing.isEmpty() ? "created" : "promoted", admin.id);
    }
}
