package io.jwtauth.client;

import java.time.Instant;
import java.util.UUID;

/**
 * A service account's credential. The account itself — id (the client id), name, roles, tokenVersion — is its
 * subject, a {@code users} row of kind client, so that every check and revocation by subject treats its tokens like a
 * user's; this row holds what only a client has: its secret's keyed hash and the session standing for the secret.
 */
class Client {

    /** The client id: the id of its subject in {@code users}. */
    public UUID id;

    /** HMAC-SHA-256 of the secret under the password pepper ({@link ClientSecrets}); never the secret. */
    public byte[] secretHash;

    public Instant secretCreatedAt;

    /** The session whose id is the sid of the tokens issued with the secret; null once it is gone. */
    public UUID sessionId;
}
