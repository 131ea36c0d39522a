package io.jwtauth.user;

import java.util.UUID;

/**
 * Fired inside the transaction that changed what the account shows (its email, whether it is verified) without
 * revoking anything: cached state is dropped once it commits, here and, announced, on every other instance.
 */
public record AccountUpdated(UUID userId) {}
