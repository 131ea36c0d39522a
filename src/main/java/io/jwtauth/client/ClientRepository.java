package io.jwtauth.client;

import io.jwtauth.common.Sql;
import io.jwtauth.user.User;
import io.jwtauth.user.UserRepository;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Service accounts' credentials (table {@code clients}), and the accounts with their subjects. */
@ApplicationScoped
class ClientRepository {

    /** A service account: its subject and its credential. */
    record Account(User subject, Client credential) {}

    private static final String COLUMNS = "c.id AS client_id, c.secret_hash, c.secret_created_at, c.session_id";

    private final Sql sql;

    ClientRepository(Sql sql) {
        this.sql = sql;
    }

    void insert(Client client) {
        columns(sql.statement("""
                                INSERT INTO clients (id, secret_hash, secret_created_at, session_id)
                                VALUES (:id, :hash, :created, :session)"""), client).update();
    }

    /** Writes the credential back: its secret and its session (after {@link #findForUpdate}). */
    void update(Client client) {
        columns(sql.statement("""
                                UPDATE clients SET secret_hash = :hash, secret_created_at = :created,
                                  session_id = :session
                                WHERE id = :id"""), client).update();
    }

    private static Sql.Statement columns(Sql.Statement statement, Client client) {
        return statement
                .bind("id", client.id)
                .bind("hash", client.secretHash)
                .bind("created", client.secretCreatedAt)
                .bind("session", client.sessionId);
    }

    void delete(UUID id) {
        sql.statement("DELETE FROM clients WHERE id = :id").bind("id", id).update();
    }

    /**
     * The credential, its row locked until the transaction ends: a rotation, a deletion and a client authentication
     * that opens a new credential session apply one after the other.
     */
    Optional<Client> findForUpdate(UUID id) {
        return sql.statement("SELECT " + COLUMNS + " FROM clients c WHERE c.id = :id FOR UPDATE")
                .bind("id", id)
                .first(ClientRepository::client);
    }

    /** Every service account, oldest first. */
    List<Account> listAccounts() {
        return sql.statement("SELECT " + UserRepository.COLUMNS + ", " + COLUMNS
                        + " FROM users u JOIN clients c ON c.id = u.id ORDER BY u.created_at, u.id")
                .list(row -> new Account(UserRepository.user(row), client(row)));
    }

    private static Client client(Sql.Row row) throws SQLException {
        Client client = new Client();
        client.id = row.uuid("client_id");
        client.secretHash = row.bytes("secret_hash");
        client.secretCreatedAt = row.instant("secret_created_at");
        client.sessionId = row.uuid("session_id");
        return client;
    }
}
