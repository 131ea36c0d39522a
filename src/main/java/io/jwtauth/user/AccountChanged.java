package io.jwtauth.user;

import java.util.UUID;

/**
 * Fired inside the transaction that changed what verifying the user's tokens depends on (tokenVersion, enabled,
 * roles, the view): observers drop cached state once it commits, announce it to the other instances, and log it for
 * the APIs that verify our tokens offline.
 *
 * @param tokenVersion the user's tokenVersion after the change: tokens issued with a lower one are dead
 * @param enabled whether the user is enabled after the change
 * @param enabledChanged whether this change disabled or re-enabled the user
 * @param reason why (logout_all, password_change, role_change, disabled, enabled, admin_revoke, ...)
 */
public record AccountChanged(UUID userId, int tokenVersion, boolean enabled, boolean enabledChanged, String reason) {}
