package io.jwtauth.auth;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.UUID;

/** Device tokens by hash and account, the per-account bound, and the expiry purge. */
@ApplicationScoped
class DeviceTokenRepository implements PanacheRepositoryBase<DeviceToken, byte[]> {

    /** Whether this hash is a live device token of the account with this (normalised) email. */
    boolean isLiveFor(byte[] hash, String email, Instant now) {
        return !getEntityManager()
                .createNativeQuery("""
                SELECT 1 FROM device_tokens d JOIN users u ON u.id = d.user_id
                WHERE d.token_hash = :hash AND lower(u.email) = :email AND d.expires_at > :now""")
                .setParameter("hash", hash)
                .setParameter("email", email)
                .setParameter("now", now)
                .getResultList()
                .isEmpty();
    }

    /** Drops the account's device tokens beyond the newest {@code keep}. */
    void keepNewest(UUID userId, int keep) {
        getEntityManager()
                .createNativeQuery("""
                DELETE FROM device_tokens WHERE user_id = :user AND token_hash NOT IN (
                  SELECT token_hash FROM device_tokens WHERE user_id = :user ORDER BY created_at DESC LIMIT :keep)""")
                .setParameter("user", userId)
                .setParameter("keep", keep)
                .executeUpdate();
    }

    long purgeExpired(Instant now) {
        return delete("expiresAt < ?1", now);
    }
}
