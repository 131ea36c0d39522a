package io.jwtauth.mfa;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

/** Accounts' TOTP authenticators; the one statement that decides whether a code's time step may be used. */
@ApplicationScoped
class AuthenticatorRepository implements PanacheRepositoryBase<Authenticator, UUID> {

    /**
     * Records that a code of {@code step} was accepted, unless a code of this step or a later one was accepted
     * before: false then (a replay). One conditional UPDATE, so of two concurrent uses of a code exactly one wins
     * (the second waits for the first's row lock and then no longer matches).
     */
    boolean useStep(UUID userId, long step) {
        return getEntityManager()
                        .createNativeQuery("UPDATE mfa_totp SET last_used_step = :step WHERE user_id = :user"
                                + " AND (last_used_step IS NULL OR last_used_step < :step)")
                        .setParameter("step", step)
                        .setParameter("user", userId)
                        .executeUpdate()
                == 1;
    }
}
