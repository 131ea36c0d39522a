package io.jwtauth.mfa;

import io.jwtauth.common.Sql;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * Accounts' TOTP authenticators (table {@code mfa_totp}: the sealed secret, the last time step used); the one
 * statement that decides whether a code's time step may be used.
 */
@ApplicationScoped
class AuthenticatorRepository {

    private final Sql sql;

    AuthenticatorRepository(Sql sql) {
        this.sql = sql;
    }

    /** The account's authenticator secret, sealed ({@link TotpSecrets}); empty if it has none. */
    Optional<byte[]> sealedSecret(UUID userId) {
        return sql.statement("SELECT secret_sealed FROM mfa_totp WHERE user_id = :user")
                .bind("user", userId)
                .first(row -> row.bytes("secret_sealed"));
    }

    /** Gives the account this authenticator (replacing the one it had), no time step used yet. */
    void replace(UUID userId, byte[] secretSealed, Instant now) {
        sql.statement("""
                INSERT INTO mfa_totp (user_id, secret_sealed, last_used_step, created_at)
                VALUES (:user, :secret, NULL, :now)
                ON CONFLICT (user_id) DO UPDATE SET
                  secret_sealed = EXCLUDED.secret_sealed, last_used_step = NULL, created_at = EXCLUDED.created_at""")
                .bind("user", userId)
                .bind("secret", secretSealed)
                .bind("now", now)
                .update();
    }

    void delete(UUID userId) {
        sql.statement("DELETE FROM mfa_totp WHERE user_id = :user")
                .bind("user", userId)
                .update();
    }

    /**
     * Records that a code of {@code step} was accepted, unless a code of this step or a later one was accepted
     * before: false then (a replay). One conditional UPDATE, so of two concurrent uses of a code exactly one wins
     * (the second waits for the first's row lock and then no longer matches).
     */
    boolean useStep(UUID userId, long step) {
        return sql.statement("UPDATE mfa_totp SET last_used_step = :step WHERE user_id = :user"
                                + " AND (last_used_step IS NULL OR last_used_step < :step)")
                        .bind("step", step)
                        .bind("user", userId)
                        .update()
                == 1;
    }
}
