package io.jwtauth.user;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;

/** A user as the API shows it: never the password hash, never the tokenVersion. */
@RegisterForReflection
public record UserView(
        UUID id,
        String email,
        String displayName,
        Set<String> roles,
        boolean enabled,
        boolean emailVerified,
        boolean mfaEnabled,
        Instant createdAt) {

    public static UserView of(User user) {
        return new UserView(
                user.id,
                user.email,
                user.displayName,
                user.roleSet(),
                user.enabled,
                user.emailVerified,
                user.mfaEnabled,
                user.createdAt);
    }
}
