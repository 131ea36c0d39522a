package io.jwtauth.session;

import java.util.UUID;

/**
 * Fired inside the transaction that revoked a session: observers drop its cached state, announce it, and log it.
 *
 * @param userId the subject the session belongs to
 * @param reason why (logout, session_deleted, refresh_token_reused, ...)
 */
public record SessionRevoked(UUID sessionId, UUID userId, String reason) {}
