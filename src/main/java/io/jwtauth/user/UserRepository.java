package io.jwtauth.user;

import io.jwtauth.common.Emails;
import io.jwtauth.common.Problems;
import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Users by id and by email. Emails are stored normalised ({@link Emails}); lookups normalise too, and compare
 * through the unique lower(email) index (both sides lowered by PostgreSQL, so they agree even on a letter whose
 * lower case PostgreSQL and Java see differently). Service accounts live in the same table (kind {@code client}, no
 * email): found by id like anyone holding tokens, never by email, never among the accounts an admin manages, never
 * counted as an admin.
 */
@ApplicationScoped
public class UserRepository implements PanacheRepositoryBase<User, UUID> {

    public Optional<User> findByEmail(String email) {
        return find("lower(email) = lower(?1)", Emails.normalise(email)).firstResultOptional();
    }

    /**
     * The user, its row locked until the transaction ends; 404 if there is none. Every change to a user starts here,
     * so concurrent changes (an admin disabling while the user changes the password) apply one after the other
     * instead of overwriting each other with stale values.
     */
    public User findForUpdate(UUID id) {
        return findByIdOptional(id, LockModeType.PESSIMISTIC_WRITE)
                .orElseThrow(() -> Problems.NOT_FOUND.exception("User not found"));
    }

    /** A person's account by id; empty for a service account (admin endpoints answer 404 for those). */
    public Optional<User> findAccount(UUID id) {
        return findByIdOptional(id).filter(u -> !u.isClient());
    }

    /** {@link #findForUpdate} for a person's account only: 404 for a service account. */
    public User findAccountForUpdate(UUID id) {
        User user = findForUpdate(id);
        if (user.isClient()) {
            throw Problems.NOT_FOUND.exception("User not found");
        }
        return user;
    }

    public boolean emailTaken(String email) {
        return count("lower(email) = lower(?1)", Emails.normalise(email)) > 0;
    }

    /** Accounts whose email contains {@code q} (normalised like an email; all when blank), oldest first. */
    public List<User> search(String q, int page, int size) {
        Sort order = Sort.by("createdAt").and("id");
        PanacheQuery<User> query = blank(q)
                ? find("kind = ?1", order, User.Kind.USER)
                : find("kind = ?1 and lower(email) like ?2", order, User.Kind.USER, pattern(q));
        return query.page(Page.of(page, size)).list();
    }

    public long countMatching(String q) {
        return blank(q)
                ? count("kind = ?1", User.Kind.USER)
                : count("kind = ?1 and lower(email) like ?2", User.Kind.USER, pattern(q));
    }

    /** Enabled admins among people's accounts (a service account with the admin role never counts). */
    public long countEnabledAdminsOtherThan(UUID id) {
        Object count = getEntityManager()
                .createNativeQuery(
                        "SELECT count(*) FROM users WHERE kind = 'user' AND enabled AND 'admin' = ANY (roles)"
                                + " AND id <> ?1")
                .setParameter(1, id)
                .getSingleResult();
        return ((Number) count).longValue();
    }

    /**
     * Serialises changes that could remove the last admin (role change, disable, bootstrap) across every
     * instance, until the transaction ends.
     */
    public void lockAdminChanges() {
        getEntityManager()
                .createNativeQuery("SELECT pg_advisory_xact_lock(?1)")
                .setParameter(1, ADMIN_LOCK)
                .getSingleResult();
    }

    private static final long ADMIN_LOCK = 0x6a7761646d696eL; // "jwadmin"

    private static boolean blank(String q) {
        return q == null || q.isBlank();
    }

    /** A LIKE pattern matching {@code q} literally (PostgreSQL's default escape character is the backslash). */
    private static String pattern(String q) {
        String escaped =
                Emails.normalise(q).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
        return "%" + escaped + "%";
    }
}
