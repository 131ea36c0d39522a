package io.jwtauth.user;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * V4__normalised_emails.sql on rows written before emails were normalised, colliding ones included: run again,
 * inside a transaction that is rolled back, on rows inserted as the old code could have stored them.
 */
@QuarkusTest
class EmailNormalisationMigrationTest {

    private static final String MIGRATION = "db/migration/V4__normalised_emails.sql";

    @Inject
    AgroalDataSource dataSource;

    @Test
    void rowsTakeTheNormalisedFormAndOfACollisionOnlyOneDoes() throws Exception {
        String tag = UUID.randomUUID().toString();
        Map<String, UUID> ids = new LinkedHashMap<>();
        try (Connection db = dataSource.getConnection()) {
            db.setAutoCommit(false);
            try {
                Instant t = Instant.now().minusSeconds(3600);
                ids.put("mixed", insert(db, "MiXeD-" + tag + "@Example.COM", t));
                ids.put("spaced", insert(db, " spaced-" + tag + "@example.com ", t));
                // one address twice: the younger row already holds the normalised form (composed é), so it keeps it
                ids.put("older decomposed", insert(db, "cafe\u0301-" + tag + "@example.com", t));
                ids.put("younger composed", insert(db, "caf\u00e9-" + tag + "@example.com", t.plusSeconds(60)));
                // one address twice, neither normalised: the older account takes the form
                ids.put("oldest", insert(db, "E\u0301mile-" + tag + "@example.com", t));
                ids.put("youngest", insert(db, " e\u0301mile-" + tag + "@EXAMPLE.com", t.plusSeconds(60)));

                List<String> warnings = migrate(db);

                assertEquals("mixed-" + tag + "@example.com", email(db, ids.get("mixed")));
                assertEquals("spaced-" + tag + "@example.com", email(db, ids.get("spaced")));
                assertEquals("caf\u00e9-" + tag + "@example.com", email(db, ids.get("younger composed")));
                assertEquals(
                        "cafe\u0301-" + tag + "@example.com", email(db, ids.get("older decomposed")), "left unchanged");
                assertEquals("\u00e9mile-" + tag + "@example.com", email(db, ids.get("oldest")));
                assertEquals(" e\u0301mile-" + tag + "@EXAMPLE.com", email(db, ids.get("youngest")), "left unchanged");
                assertTrue(warnings.stream().anyMatch(w -> w.contains("share their normalised email")), "" + warnings);
                // run twice, it changes nothing more (and the unique index held throughout)
                migrate(db);
                assertEquals("\u00e9mile-" + tag + "@example.com", email(db, ids.get("oldest")));
            } finally {
                db.rollback();
            }
        }
    }

    private static UUID insert(Connection db, String email, Instant createdAt) throws SQLException {
        UUID id = UUID.randomUUID();
        try (PreparedStatement insert = db.prepareStatement("INSERT INTO users (id, email, password_hash, roles, "
                + "created_at, updated_at) VALUES (?, ?, 'x', ARRAY['user'], ?, ?)")) {
            insert.setObject(1, id);
            insert.setString(2, email);
            insert.setTimestamp(3, Timestamp.from(createdAt));
            insert.setTimestamp(4, Timestamp.from(createdAt));
            insert.executeUpdate();
        }
        return id;
    }

    private static List<String> migrate(Connection db) throws SQLException, IOException {
        String script;
        try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(MIGRATION)) {
            script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        List<String> warnings = new ArrayList<>();
        try (Statement statement = db.createStatement()) {
            statement.execute(script);
            for (SQLWarning w = statement.getWarnings(); w != null; w = w.getNextWarning()) {
                warnings.add(w.getMessage());
            }
        }
        return warnings;
    }

    private static String email(Connection db, UUID id) throws SQLException {
        try (PreparedStatement select = db.prepareStatement("SELECT email FROM users WHERE id = ?")) {
            select.setObject(1, id);
            try (ResultSet rs = select.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }
}
