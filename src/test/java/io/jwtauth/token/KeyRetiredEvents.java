package io.jwtauth.token;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** Reads the revocation event log for the key tests: how many {@code key_retired} events name a kid. */
final class KeyRetiredEvents {

    private KeyRetiredEvents() {}

    static long count(Connection c, String kid) throws SQLException {
        try (PreparedStatement s =
                c.prepareStatement("SELECT count(*) FROM revocation_events WHERE type = 'key_retired' AND kid = ?")) {
            s.setString(1, kid);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
