package io.jwtauth.user;

import java.util.UUID;

/**
 * Fired inside the transaction that changed what verifying the user's tokens depends on (tokenVersion, enabled,
 * roles, the view): observers drop cached state once it commits, and announce it to the other instances.
 */
public record AccountChanged(UUID userId) {}
