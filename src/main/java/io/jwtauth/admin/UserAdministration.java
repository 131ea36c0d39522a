package io.jwtauth.admin;

import io.jwtauth.common.Problems;
import io.jwtauth.common.SecurityEvents;
import io.jwtauth.mfa.MfaEnrolment;
import io.jwtauth.session.Revocations;
import io.jwtauth.user.User;
import io.jwtauth.user.UserRepository;
import io.jwtauth.user.UserView;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * The admin rules: only known roles, every account keeps {@code user}, and the last enabled admin can be neither
 * demoted nor disabled — checked under a database lock, so two concurrent requests cannot both pass the check.
 * Service accounts are not users here (404; they are managed under /admin/clients) and never count as an admin.
 */
@ApplicationScoped
class UserAdministration {

    private final UserRepository users;
    private final Revocations revocations;
    private final SecurityEvents events;
    private final MfaEnrolment mfa;

    UserAdministration(UserRepository users, Revocations revocations, SecurityEvents events, MfaEnrolment mfa) {
        this.users = users;
        this.revocations = revocations;
        this.events = events;
        this.mfa = mfa;
    }

    @Transactional
    UserPage list(int page, int size, String q) {
        List<UserView> items =
                users.search(q, page, size).stream().map(UserView::of).toList();
        return new UserPage(items, page, size, users.countMatching(q));
    }

    @Transactional
    User setRoles(UUID actor, UUID id, List<String> requested) {
        Set<String> roles = new LinkedHashSet<>();
        roles.add(User.ROLE_USER);
        for (String role : requested) {
            if (!User.KNOWN_ROLES.contains(role)) {
                throw Problems.invalidField(
                        "roles",
                        "unknown role '" + role + "'; known roles: "
                                + String.join(
                                        ", ", User.KNOWN_ROLES.stream().sorted().toList()));
            }
            roles.add(role);
        }
        users.lockAdminChanges();
        User user = users.findAccountForUpdate(id);
        if (user.isAdmin() && user.enabled && !roles.contains(User.ROLE_ADMIN)) {
            requireAnotherEnabledAdmin(user);
        }
        if (!roles.equals(user.roleSet())) {
            user.roles = roles.toArray(String[]::new);
            revocations.revokeAllTokens(user, "role_change", actor);
        }
        events.adminAction(actor, "set_roles", user.id);
        return user;
    }

    @Transactional
    User setEnabled(UUID actor, UUID id, boolean enabled) {
        users.lockAdminChanges();
        User user = users.findAccountForUpdate(id);
        if (!enabled && user.enabled) {
            if (user.isAdmin()) {
                requireAnotherEnabledAdmin(user);
            }
            revocations.setEnabled(user, false, "disabled", actor);
        } else if (enabled && !user.enabled) {
            revocations.setEnabled(user, true, "enabled", actor);
        }
        events.adminAction(actor, enabled ? "enable" : "disable", user.id);
        return user;
    }

    @Transactional
    void revokeTokens(UUID actor, UUID id) {
        revocations.revokeAllTokens(users.findAccountForUpdate(id), "admin_revoke", actor);
        events.adminAction(actor, "revoke_tokens", id);
    }

    /**
     * A lost authenticator: MFA off (the authenticator and recovery codes forgotten, the user mailed) and, if it was
     * on, every token of the user dies (tokenVersion + 1), so sessions opened with the lost device end too.
     */
    @Transactional
    void resetMfa(UUID actor, UUID id) {
        User user = users.findAccountForUpdate(id);
        if (mfa.turnOff(user, actor, true)) {
            revocations.revokeAllTokens(user, "mfa_reset", actor);
        }
        events.adminAction(actor, "reset_mfa", id);
    }

    private void requireAnotherEnabledAdmin(User user) {
        if (users.countEnabledAdminsOtherThan(user.id) == 0) {
            throw Problems.LAST_ADMIN.exception();
        }
    }
}
