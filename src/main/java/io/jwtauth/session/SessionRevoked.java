package io.jwtauth.session;

import java.util.UUID;

/** Fired inside the transaction that revoked a session: observers drop its cached state and announce it. */
public record SessionRevoked(UUID sessionId) {}
