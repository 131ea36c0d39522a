package io.jwtauth.support;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Tests' own SQL on the service's data source (in the caller's transaction, if any), for setting up or reading what no
 * endpoint shows: {@code createNativeQuery("... ?1 ...").setParameter(1, value).getSingleResult()}.
 */
@ApplicationScoped
public class NativeQueries {

    private static final Pattern POSITIONAL = Pattern.compile("\\?(\\d+)");

    private final AgroalDataSource dataSource;

    NativeQueries(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    public Query createNativeQuery(String sql) {
        return new Query(sql);
    }

    /** A statement with positional parameters {@code ?1}, {@code ?2}, ... (each may appear more than once). */
    public final class Query {

        private final String jdbc;
        private final List<Integer> order = new ArrayList<>();
        private final Map<Integer, Object> values = new HashMap<>();

        private Query(String sql) {
            Matcher m = POSITIONAL.matcher(sql);
            StringBuilder jdbc = new StringBuilder();
            while (m.find()) {
                order.add(Integer.parseInt(m.group(1)));
                m.appendReplacement(jdbc, "?");
            }
            m.appendTail(jdbc);
            this.jdbc = jdbc.toString();
        }

        public Query setParameter(int position, Object value) {
            values.put(position, value instanceof Instant i ? i.atOffset(ZoneOffset.UTC) : value);
            return this;
        }

        public int executeUpdate() {
            return run(PreparedStatement::executeUpdate);
        }

        /** The first column of the first row. */
        public Object getSingleResult() {
            List<Object> rows = getResultList();
            if (rows.isEmpty()) {
                throw new AssertionError("no row: " + jdbc);
            }
            return rows.get(0);
        }

        /** Each row: its only column's value, or an {@code Object[]} of its columns. */
        public List<Object> getResultList() {
            return run(ps -> {
                List<Object> rows = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    int columns = rs.getMetaData().getColumnCount();
                    while (rs.next()) {
                        if (columns == 1) {
                            rows.add(rs.getObject(1));
                        } else {
                            Object[] row = new Object[columns];
                            for (int c = 0; c < columns; c++) {
                                row[c] = rs.getObject(c + 1);
                            }
                            rows.add(row);
                        }
                    }
                }
                return rows;
            });
        }

        private <T> T run(Work<T> work) {
            try (Connection connection = dataSource.getConnection();
                    PreparedStatement ps = connection.prepareStatement(jdbc)) {
                for (int i = 0; i < order.size(); i++) {
                    ps.setObject(i + 1, values.get(order.get(i)));
                }
                return work.run(ps);
            } catch (SQLException e) {
                throw new IllegalStateException(jdbc, e);
            }
        }
    }

    private interface Work<T> {
        T run(PreparedStatement ps) throws SQLException;
    }
}
