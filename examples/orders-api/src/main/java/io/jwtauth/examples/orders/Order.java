package io.jwtauth.examples.orders;

import java.time.Instant;
import java.util.UUID;

/** One order: who placed it (the token's {@code sub}), what, how many, when. */
public record Order(UUID id, String owner, String item, int quantity, Instant createdAt) {}
