package io.jwtauth.session;

/**
 * Fired on the listener's thread when this instance hears of a revocation committed by any instance (itself
 * included), or when it may have missed some (a new listening connection): whoever serves revocations from the
 * database reads what is new. Observers must return at once.
 */
public record RevocationHeard() {}
