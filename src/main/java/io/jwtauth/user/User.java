package io.jwtauth.user;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import org.hibernate.annotations.DynamicUpdate;

/**
 * A subject that holds tokens: a person's account, or a service account (kind {@link Kind#CLIENT}: no email, no
 * password; see the client feature). {@code tokenVersion} is bumped to kill every token the subject holds.
 */
@Entity
@Table(name = "users")
@DynamicUpdate
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

    @Id
    public UUID id;

    @Column(nullable = false)
    @Convert(converter = KindColumn.class)
    public Kind kind = Kind.USER;

    /** The account's normalised email; null for a service account. */
    @Column
    public String email;

    /** An account's name as given, or a service account's name. */
    @Column(name = "display_name")
    public String displayName;

    /** Null for a service account (its secret is kept by the client feature). */
    @Column(name = "password_hash")
    public String passwordHash;

    @Column(nullable = false)
    public String[] roles;

    @Column(nullable = false)
    public boolean enabled;

    /** Whether the owner proved holding {@link #email} (a verification link, or a password reset mailed there). */
    @Column(name = "email_verified", nullable = false)
    public boolean emailVerified;

    @Column(name = "token_version", nullable = false)
    public int tokenVersion;

    /**
     * Whether a login needs a second factor (the mfa feature keeps the authenticator). Only enrolment, disabling and
     * an admin's reset write it; a password change or reset never does.
     */
    @Column(name = "mfa_enabled", nullable = false)
    public boolean mfaEnabled;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
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

    /** The column holds the kind in lower case: {@code user} or {@code client}. */
    public static class KindColumn implements AttributeConverter<Kind, String> {

        @Override
        public String convertToDatabaseColumn(Kind kind) {
            return kind == null ? null : kind.name().toLowerCase(Locale.ROOT);
        }

        @Override
        public Kind convertToEntityAttribute(String column) {
            return column == null ? null : Kind.valueOf(column.toUpperCase(Locale.ROOT));
        }
    }
}
