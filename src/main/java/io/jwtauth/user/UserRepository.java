package io.jwtauth.user;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/** Users by id and by email (case-insensitive, through the lower(email) index). */
@ApplicationScoped
public class UserRepository implements PanacheRepositoryBase<User, UUID> {

    public Optional<User> findByEmail(String email) {
        return find("lower(email) = ?1", normalise(email)).firstResultOptional();
    }

    public boolean emailTaken(String email) {
        return count("lower(email) = ?1", normalise(email)) > 0;
    }

    static String normalise(String email) {
        return email.trim().toLowerCase(Locale.ROOT);
    }
}
