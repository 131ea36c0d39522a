package io.jwtauth.session;

import io.jwtauth.user.User;
import java.time.Instant;

/** A refresh token handed to a client, with the session and user it belongs to. */
public record IssuedRefreshToken(User user, Session session, String token, Instant expiresAt) {}
