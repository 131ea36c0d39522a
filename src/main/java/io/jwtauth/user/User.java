package io.jwtauth.user;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.UUID;
import org.hibernate.annotations.DynamicUpdate;

/** An account. {@code tokenVersion} is bumped to kill every token the user holds. */
@Entity
@Table(name = "users")
@DynamicUpdate
public class User {

    public static final String ROLE_USER = "user";
    public static final String ROLE_ADMIN = "admin";
    public static final Set<String> KNOWN_ROLES = Set.of(ROLE_USER, ROLE_ADMIN);

    @Id
    public UUID id;

    @Column(nullable = false)
    public String email;

    @Column(name = "display_name")
    public String displayName;

    @Column(name = "password_hash", nullable = false)
    public String passwordHash;

    @Column(nullable = false)
    public String[] roles;

    @Column(nullable = false)
    public boolean enabled;

    @Column(name = "token_version", nullable = false)
    public int tokenVersion;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    public Set<String> roleSet() {
        return new LinkedHashSet<>(Arrays.asList(roles));
    }

    public boolean isAdmin() {
        return roleSet().contains(ROLE_ADMIN);
    }

    /** Kills every access and refresh token the user holds. */
    public void bumpTokenVersion(Instant now) {
        tokenVersion++;
        updatedAt = now;
    }
}
