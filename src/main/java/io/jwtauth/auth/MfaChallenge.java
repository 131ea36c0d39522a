package io.jwtauth.auth;

import java.time.Instant;
import java.util.UUID;

/** A pending second-factor login (table {@code mfa_challenges}): the hash of its mfa_token, and wrong codes so far. */
record MfaChallenge(byte[] tokenHash, UUID userId, Instant expiresAt, int failures) {}
