package io.jwtauth.token;

/**
 * Fired (synchronously, on the key-reload thread) when a reload took {@code kid} out of the verification set: tokens
 * signed under it are refused from now on. Every instance fires it when it applies the change itself.
 */
public record KeyRetired(String kid) {}
