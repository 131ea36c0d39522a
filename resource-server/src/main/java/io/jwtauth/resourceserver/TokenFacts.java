package io.jwtauth.resourceserver;

import java.util.function.Supplier;

/**
 * What the revocation rule reads from a verified access token: {@code sub}, {@code sid}, {@code ver} ({@code null}
 * when absent, as in a service account's token), {@code iat} and {@code exp} in epoch seconds, and the header's
 * {@code kid}, read only when some key was retired.
 */
record TokenFacts(String sub, String sid, Long ver, long iat, long exp, Supplier<String> kid) {}
