package io.jwtauth.user;

import io.jwtauth.common.Emails;
import io.jwtauth.common.Problems;
import io.jwtauth.common.Sql;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.function.IntSupplier;

/**
 * The {@code users} table: users by id and by email, and their one way back to the row ({@link #update}). Emails
 * are stored normalised ({@link Emails}); lookups normalise too, and compare through the unique lower(email) index
 * (both sides lowered by PostgreSQL, so they agree even on a letter whose lower case PostgreSQL and Java see
 * differently). Service accounts live in the same table (kind {@code client}, no email): found by id like anyone
 * holding tokens, never by email, never among the accounts an admin manages, never counted as an admin.
 */
@ApplicationScoped
public class UserRepository {

    /** The columns {@link #user} reads, for a statement that joins another table. */
    public static final String COLUMNS = "u.id, u.kind, u.email, u.display_name, u.password_hash, u.roles, u.enabled,"
            + " u.email_verified, u.token_version, u.mfa_enabled, u.created_at, u.updated_at";

    private static final String SELECT = "SELECT " + COLUMNS + " FROM users u";

    private final Sql sql;

    UserRepository(Sql sql) {
        this.sql = sql;
    }

    /** A row of {@link #COLUMNS}. */
    public static User user(Sql.Row row) throws SQLException {
        User user = new User();
        user.id = row.uuid("id");
        user.kind = User.Kind.valueOf(row.string("kind").toUpperCase(Locale.ROOT));
        user.email = row.string("email");
        user.displayName = row.string("display_name");
        user.passwordHash = row.string("password_hash");
        user.roles = row.strings("roles");
        user.enabled = row.bool("enabled");
        user.emailVerified = row.bool("email_verified");
        user.tokenVersion = row.integer("token_version");
        user.mfaEnabled = row.bool("mfa_enabled");
        user.createdAt = row.instant("created_at");
        user.updatedAt = row.instant("updated_at");
        return user;
    }

    /** The user, or null. */
    public User findById(UUID id) {
        return findByIdOptional(id).orElse(null);
    }

    public Optional<User> findByIdOptional(UUID id) {
        return sql.statement(SELECT + " WHERE u.id = :id").bind("id", id).first(UserRepository::user);
    }

    public Optional<User> findByEmail(String email) {
        return sql.statement(SELECT + " WHERE lower(u.email) = lower(:email)")
                .bind("email", Emails.normalise(email))
                .first(UserRepository::user);
    }

    /**
     * The user, its row locked until the transaction ends; 404 if there is none. Every change to a user starts here
     * and ends with {@link #update}, so concurrent changes (an admin disabling while the user changes the password)
     * apply one after the other instead of overwriting each other with stale values. The lock is FOR NO KEY UPDATE (as
     * Hibernate took it): rows that refer to the user (a new session, a mailed token) can still be inserted meanwhile.
     */
    public User findForUpdate(UUID id) {
        return sql.statement(SELECT + " WHERE u.id = :id FOR NO KEY UPDATE")
                .bind("id", id)
                .first(UserRepository::user)
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

    /** Stores a new user; 409 email_taken if another account holds the email (one registered concurrently). */
    public void insert(User user) {
        Sql.Statement insert = changeable(sql.statement("""
                INSERT INTO users (id, kind, email, display_name, password_hash, roles, enabled, email_verified,
                  token_version, mfa_enabled, created_at, updated_at)
                VALUES (:id, :kind, :email, :name, :hash, :roles, :enabled, :verified, :version, :mfa, :created,
                  :updated)"""), user)
                .bind("kind", user.kind.name().toLowerCase(Locale.ROOT))
                .bind("created", user.createdAt);
        emailUnique(insert::update);
    }

    /**
     * Writes the user's changeable columns back (everything but id, kind and creation), in the caller's transaction,
     * after {@link #findForUpdate}; 409 email_taken if a new email is another account's (one changed concurrently).
     */
    public void update(User user) {
        Sql.Statement update = changeable(sql.statement("""
                UPDATE users SET email = :email, display_name = :name, password_hash = :hash, roles = :roles,
                  enabled = :enabled, email_verified = :verified, token_version = :version, mfa_enabled = :mfa,
                  updated_at = :updated
                WHERE id = :id"""), user);
        if (emailUnique(update::update) != 1) {
            throw new IllegalStateException("user " + user.id + " is gone");
        }
    }

    /** Binds the id and the columns {@link #update} writes: the one list of what a change may touch. */
    private static Sql.Statement changeable(Sql.Statement statement, User user) {
        return statement
                .bind("id", user.id)
                .bind("email", user.email)
                .bind("name", user.displayName)
                .bind("hash", user.passwordHash)
                .bind("roles", user.roles)
                .bind("enabled", user.enabled)
                .bind("verified", user.emailVerified)
                .bind("version", user.tokenVersion)
                .bind("mfa", user.mfaEnabled)
                .bind("updated", user.updatedAt);
    }

    /**
     * Runs a write of the users table, with the unique lower(email) index's refusal as 409 email_taken: the one place
     * that turns a lost race for an email into the contract's answer.
     */
    private static int emailUnique(IntSupplier write) {
        try {
            return write.getAsInt();
        } catch (Sql.SqlFailure e) {
            if (e.uniqueViolation()) {
                throw Problems.EMAIL_TAKEN.exception();
            }
            throw e;
        }
    }

    public boolean emailTaken(String email) {
        return sql.statement("SELECT count(*) FROM users WHERE lower(email) = lower(:email)")
                        .bind("email", Emails.normalise(email))
                        .number()
                > 0;
    }

    /** Accounts whose email contains {@code q} (normalised like an email; all when blank), oldest first. */
    public List<User> search(String q, int page, int size) {
        return sql.statement(SELECT + " WHERE u.kind = 'user' AND (:all OR lower(u.email) LIKE :pattern)"
                        + " ORDER BY u.created_at, u.id LIMIT :limit OFFSET :offset")
                .bind("all", blank(q))
                .bind("pattern", pattern(q))
                .bind("limit", size)
                .bind("offset", (long) page * size)
                .list(UserRepository::user);
    }

    public long countMatching(String q) {
        return sql.statement("SELECT count(*) FROM users WHERE kind = 'user' AND (:all OR lower(email) LIKE :pattern)")
                .bind("all", blank(q))
                .bind("pattern", pattern(q))
                .number();
    }

    /** Enabled admins among people's accounts (a service account with the admin role never counts). */
    public long countEnabledAdminsOtherThan(UUID id) {
        return sql.statement("SELECT count(*) FROM users WHERE kind = 'user' AND enabled AND 'admin' = ANY (roles)"
                        + " AND id <> :id")
                .bind("id", id)
                .number();
    }

    /**
     * Serialises changes that could remove the last admin (role change, disable, bootstrap) across every
     * instance, until the transaction ends.
     */
    public void lockAdminChanges() {
        sql.statement("SELECT pg_advisory_xact_lock(:lock)")
                .bind("lock", ADMIN_LOCK)
                .execute();
    }

    private static final long ADMIN_LOCK = 0x6a7761646d696eL; // "jwadmin"

    private static boolean blank(String q) {
        return q == null || q.isBlank();
    }

    /** A LIKE pattern matching {@code q} literally (PostgreSQL's default escape character is the backslash). */
    private static String pattern(String q) {
        if (blank(q)) {
            return "";
        }
        String escaped =
                Emails.normalise(q).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
        return "%" + escaped + "%";
    }
}
