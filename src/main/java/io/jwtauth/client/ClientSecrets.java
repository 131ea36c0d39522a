package io.jwtauth.client;

import io.jwtauth.common.OpaqueTokens;
import io.jwtauth.user.PasswordPepper;
import jakarta.enterprise.context.ApplicationScoped;
import java.security.MessageDigest;

/**
 * Client secrets: 256 random bits ({@link OpaqueTokens}), shown once, stored as HMAC-SHA-256 under the password
 * pepper, compared in constant time.
 *
 * <p>Why a keyed hash and not bcrypt, as for passwords: bcrypt's cost exists to slow down guessing a secret that
 * people chose, of which an attacker can try the likely ones. A secret of 256 random bits has no likely values; no
 * amount of guessing, online or against a stolen table, finds one, so a slow hash would protect nothing. What bcrypt's
 * salt adds — a stolen table cannot be attacked with precomputed lists — the pepper adds too, and more: without it,
 * which lives in a Secret and never in the database, a stolen hash cannot even be checked against a candidate. And
 * the keyed hash costs microseconds instead of a place in the bcrypt queue, so a service authenticating often never
 * waits behind logins, and floods of wrong secrets cost the service next to nothing. The hash is domain-separated from
 * the password pre-hash ({@link PasswordPepper#mac(String, String)}). Changing the pepper invalidates every client
 * secret, as it does every password.
 */
@ApplicationScoped
class ClientSecrets {

    private static final String PURPOSE = "client-secret";
    /** Compared with when there is no client, so an unknown client id costs what a wrong secret costs. */
    private static final byte[] NO_CLIENT = new byte[32];

    private final OpaqueTokens tokens;
    private final PasswordPepper pepper;

    ClientSecrets(OpaqueTokens tokens, PasswordPepper pepper) {
        this.tokens = tokens;
        this.pepper = pepper;
    }

    /** A new secret, to show once. */
    String generate() {
        return tokens.generate();
    }

    /** What is stored, and compared, instead of the secret. */
    byte[] hash(String secret) {
        return pepper.mac(PURPOSE, secret);
    }

    /** Whether the presented secret's hash is the stored one (null: no such client), in constant time. */
    static boolean matches(byte[] stored, byte[] presented) {
        boolean equal = MessageDigest.isEqual(stored != null ? stored : NO_CLIENT, presented);
        return stored != null && equal;
    }
}
