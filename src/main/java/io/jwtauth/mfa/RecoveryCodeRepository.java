package io.jwtauth.mfa;

import io.jwtauth.common.Sql;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

/** Unused recovery codes by keyed hash and account (table {@code mfa_recovery_codes}); a used code is deleted. */
@ApplicationScoped
class RecoveryCodeRepository {

    private final Sql sql;

    RecoveryCodeRepository(Sql sql) {
        this.sql = sql;
    }

    void insert(UUID userId, byte[] codeHash) {
        sql.statement("INSERT INTO mfa_recovery_codes (code_hash, user_id) VALUES (:hash, :user)")
                .bind("hash", codeHash)
                .bind("user", userId)
                .update();
    }

    /**
     * Uses the code: deletes it if it is one of the account's; false if it is not (or no longer) there. Of two
     * concurrent uses exactly one deletes the row.
     */
    boolean use(UUID userId, byte[] codeHash) {
        return sql.statement("DELETE FROM mfa_recovery_codes WHERE code_hash = :hash AND user_id = :user")
                        .bind("hash", codeHash)
                        .bind("user", userId)
                        .update()
                == 1;
    }

    long deleteAll(UUID userId) {
        return sql.statement("DELETE FROM mfa_recovery_codes WHERE user_id = :user")
                .bind("user", userId)
                .update();
    }
}
