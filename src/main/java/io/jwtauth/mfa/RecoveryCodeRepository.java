package io.jwtauth.mfa;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

/** Recovery codes by hash and account. */
@ApplicationScoped
class RecoveryCodeRepository implements PanacheRepositoryBase<RecoveryCode, byte[]> {

    /**
     * Uses the code: deletes it if it is one of the account's; false if it is not (or no longer) there. Of two
     * concurrent uses exactly one deletes the row.
     */
    boolean use(UUID userId, byte[] codeHash) {
        return delete("codeHash = ?1 and userId = ?2", codeHash, userId) == 1;
    }

    long deleteAll(UUID userId) {
        return delete("userId", userId);
    }
}
