package io.jwtauth.user;

import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.UUID;

/**
 * A subject that holds tokens (table {@code users}; read and written by {@link UserRepository}, which a change
 * must be saved through): a person's account, or a service account (kind {@link Kind#CLIENT}: no email, no
 * password; see the client feature). {@code tokenVersion} is bumped to kill every token the subject holds.
 */
public class User {

    public static final String ROLE_USER = "user";
    public static final String ROLE_ADMIN = "admin";
    /** May introspect tokens and read revocation events; only a service account holds it. */
    public static final String ROLE_RESOURCE_SERVER = "resource-server";
    /** The roles an account may hold. */
    public static final Set<String> KNOWN_ROLES = Set.of(ROLE_USER, ROLE_ADMIN);
    /** The roles a service account may hold: {@code resource-server} and any role an account may hold. */
    public static final Set<String> CLIENT_ROLES = Set.of(ROLE_USER, ROLE_ADMIN, ROLE_RESOURCE_SERVER);

    /** What the row stands for. */
    public enum Kind {
        /** A person's account: logs in by email and password. */
        USER,
        /** A service account's subject: authenticates with its client secret, never by email. */
        CLIENT
    }

    public UUID id;

    public Kind kind = Kind.USER;

    /** The account's normalised email; null for a service account. */
    public String email;

    /** An account's name as given, or a service account's name. */
    public String displayName;

    /** Null for a service account (its secret is kept by the client feature). */
    public String passwordHash;

    public String[] roles;

    public boolean enabled;

    /** Whether the owner proved holding {@link #email} (a verification link, or a password reset mailed there). */
    public boolean emailVerified;

    public int tokenVersion;

    /**
     * Whether a login needs a second factor (the mfa feature keeps the authenticator). Only enrolment, disabling and
     * an admin's reset write it; a password change or reset never does.
     */
    public boolean mfaEnabled;

    public Instant createdAt;

    public Instant updatedAt;

    public Set<String> roleSet() {
        return roleSet(roles);
    }

    /** The roles of a {@code users.roles} value, in their stored order: the one reading of that column. */
    public static Set<String> roleSet(String[] roles) {
        return new LinkedHashSet<>(Arrays.asList(roles));
    }

    public boolean isAdmin() {
        return roleSet().contains(ROLE_ADMIN);
    }

    public boolean isClient() {
        return kind == Kind.CLIENT;
    }

    /** Kills every access and refresh token the user holds. */
    public void bumpTokenVersion(Instant now) {
        tokenVersion++;
        updatedAt = now;
    }
}
