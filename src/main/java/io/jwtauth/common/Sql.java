package io.jwtauth.common;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The service's one way to the database: SQL with named parameters ({@code :name}) on the data source, inside the
 * caller's transaction when there is one (the pool enlists the connection; every statement of a transaction runs on
 * the same connection), in autocommit otherwise. Each repository owns the SQL of its tables; this class owns how a
 * value becomes a parameter (an {@link Instant} a {@code timestamptz}, a {@code String[]} a {@code varchar[]}) and
 * how a column comes back ({@link Row}). A failure is a {@link SqlFailure} carrying the driver's exception, so
 * {@link DatabaseFailures} still recognises an outage underneath.
 */
@ApplicationScoped
public class Sql {

    private static final Map<String, Parsed> PARSED = new ConcurrentHashMap<>();
    /** Statements run since start, but those of polling jobs: what tests count ("no query per verified request"). */
    private static final LongAdder RUN = new LongAdder();

    private final AgroalDataSource dataSource;

    Sql(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** The number of statements this class has run since the start. */
    public static long statementsRun() {
        return RUN.sum();
    }

    /** A statement to bind and run; {@code sql} names its parameters {@code :name} (a name may appear twice). */
    public Statement statement(String sql) {
        return new Statement(PARSED.computeIfAbsent(sql, Parsed::of));
    }

    /** Reads one row's columns by name. */
    @FunctionalInterface
    public interface RowMapper<T> {
        T map(Row row) throws SQLException;
    }

    /** A statement with its parameters. */
    public final class Statement {

        private final Parsed parsed;
        private final Map<String, Object> values = new HashMap<>();
        private boolean counted = true;

        private Statement(Parsed parsed) {
            this.parsed = parsed;
        }

        public Statement bind(String name, Object value) {
            if (!parsed.order.contains(name)) {
                throw new IllegalArgumentException("no parameter :" + name + " in " + parsed.jdbc);
            }
            values.put(name, value);
            return this;
        }

        /**
         * Leaves this statement out of {@link #statementsRun()}: for a background job that polls (the mail sender, every
         * second), whose statements would otherwise land in any count taken around a request.
         */
        public Statement uncounted() {
            counted = false;
            return this;
        }

        /** Runs an INSERT, UPDATE or DELETE without RETURNING: the rows it touched. */
        public int update() {
            return run(PreparedStatement::executeUpdate);
        }

        /** Every row, mapped. */
        public <T> List<T> list(RowMapper<T> mapper) {
            return run(ps -> {
                try (ResultSet rs = ps.executeQuery()) {
                    Row row = new Row(rs);
                    List<T> rows = new ArrayList<>();
                    while (rs.next()) {
                        rows.add(mapper.map(row));
                    }
                    return rows;
                }
            });
        }

        /** The first row, mapped; empty if there is none. */
        public <T> Optional<T> first(RowMapper<T> mapper) {
            return run(ps -> {
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(mapper.map(new Row(rs))) : Optional.<T>empty();
                }
            });
        }

        /** The first column of the single row a query such as {@code SELECT count(*)} answers with. */
        public long number() {
            return first(row -> row.rs.getLong(1))
                    .orElseThrow(() -> new IllegalStateException("no row: " + parsed.jdbc));
        }

        /** Runs a statement for its effect (a lock, a notification), whatever it answers. */
        public void execute() {
            run(PreparedStatement::execute);
        }

        private <T> T run(Work<T> work) {
            List<Array> arrays = new ArrayList<>(0);
            try (Connection connection = dataSource.getConnection();
                    PreparedStatement ps = connection.prepareStatement(parsed.jdbc)) {
                for (int i = 0; i < parsed.order.size(); i++) {
                    String name = parsed.order.get(i);
                    if (!values.containsKey(name)) {
                        throw new IllegalArgumentException("parameter :" + name + " not bound in " + parsed.jdbc);
                    }
                    set(connection, ps, i + 1, values.get(name), arrays);
                }
                if (counted) {
                    RUN.increment();
                }
                return work.run(ps);
            } catch (SQLException e) {
                throw new SqlFailure(e);
            } finally {
                free(arrays);
            }
        }
    }

    @FunctionalInterface
    private interface Work<T> {
        T run(PreparedStatement ps) throws SQLException;
    }

    /** Sets one parameter; a {@code String[]} becomes an SQL array, added to {@code arrays} to be freed after the run. */
    private static void set(Connection connection, PreparedStatement ps, int index, Object value, List<Array> arrays)
            throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.NULL);
        } else if (value instanceof Instant instant) {
            ps.setObject(index, instant.atOffset(ZoneOffset.UTC));
        } else if (value instanceof byte[] bytes) {
            ps.setBytes(index, bytes);
        } else if (value instanceof String[] strings) {
            Array array = connection.createArrayOf("varchar", strings);
            arrays.add(array);
            ps.setArray(index, array);
        } else if (value instanceof UUID
                || value instanceof String
                || value instanceof Integer
                || value instanceof Long
                || value instanceof Boolean) {
            ps.setObject(index, value);
        } else {
            throw new IllegalArgumentException(
                    "no SQL parameter for a " + value.getClass().getName());
        }
    }

    private static void free(List<Array> arrays) {
        for (Array array : arrays) {
            try {
                array.free();
            } catch (SQLException e) {
                // nothing held that outlives the statement: the driver's arrays are plain objects
            }
        }
    }

    /** The current row of a result, by column name; SQL NULL is {@code null} for every object-valued getter. */
    public static final class Row {

        private final ResultSet rs;

        private Row(ResultSet rs) {
            this.rs = rs;
        }

        public UUID uuid(String column) throws SQLException {
            return rs.getObject(column, UUID.class);
        }

        public String string(String column) throws SQLException {
            return rs.getString(column);
        }

        public boolean bool(String column) throws SQLException {
            return rs.getBoolean(column);
        }

        public int integer(String column) throws SQLException {
            return rs.getInt(column);
        }

        public long longValue(String column) throws SQLException {
            return rs.getLong(column);
        }

        /** A nullable integer. */
        public Integer nullableInteger(String column) throws SQLException {
            int value = rs.getInt(column);
            return rs.wasNull() ? null : value;
        }

        /** A nullable bigint. */
        public Long nullableLong(String column) throws SQLException {
            long value = rs.getLong(column);
            return rs.wasNull() ? null : value;
        }

        public byte[] bytes(String column) throws SQLException {
            return rs.getBytes(column);
        }

        public Instant instant(String column) throws SQLException {
            OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
            return value == null ? null : value.toInstant();
        }

        /** A {@code varchar[]} element by element, whatever characters the elements hold. */
        public String[] strings(String column) throws SQLException {
            Array array = rs.getArray(column);
            if (array == null) {
                return null;
            }
            try {
                return (String[]) array.getArray();
            } finally {
                array.free();
            }
        }
    }

    /** A statement failed; the driver's exception is the cause (its SQLState says why). */
    public static final class SqlFailure extends RuntimeException {

        /** PostgreSQL's unique_violation. */
        private static final String UNIQUE_VIOLATION = "23505";

        public SqlFailure(SQLException cause) {
            super(cause.getMessage(), cause);
        }

        /** Whether a unique constraint refused the row (another writer got there first). */
        public boolean uniqueViolation() {
            return UNIQUE_VIOLATION.equals(((SQLException) getCause()).getSQLState());
        }
    }

    /**
     * SQL with {@code :name} parameters turned into JDBC's {@code ?}, with the names in order; literals, quoted names and
     * comments are copied untouched (dollar-quoted text and array slices such as {@code a[1:n]} are not understood:
     * no statement here uses them).
     */
    record Parsed(String jdbc, List<String> order) {

        static Parsed of(String sql) {
            StringBuilder jdbc = new StringBuilder(sql.length());
            List<String> order = new ArrayList<>();
            int i = 0;
            while (i < sql.length()) {
                char c = sql.charAt(i);
                if (c == '\'' || c == '"') { // a literal or a quoted name, copied as it is ('' is two in a row)
                    i = copyThrough(sql, i, 1, String.valueOf(c), jdbc);
                } else if (sql.startsWith("--", i)) {
                    i = copyThrough(sql, i, 2, "\n", jdbc);
                } else if (sql.startsWith("/*", i)) {
                    i = copyThrough(sql, i, 2, "*/", jdbc);
                } else if (c == ':' && i + 1 < sql.length() && sql.charAt(i + 1) == ':') { // a cast
                    jdbc.append("::");
                    i += 2;
                } else if (c == ':' && i + 1 < sql.length() && Character.isJavaIdentifierStart(sql.charAt(i + 1))) {
                    int end = i + 1;
                    while (end < sql.length() && Character.isJavaIdentifierPart(sql.charAt(end))) {
                        end++;
                    }
                    order.add(sql.substring(i + 1, end));
                    jdbc.append('?');
                    i = end;
                } else {
                    jdbc.append(c);
                    i++;
                }
            }
            return new Parsed(jdbc.toString(), List.copyOf(order));
        }

        /**
         * Copies from {@code start} (an opening of {@code opening} characters) up to and including the next {@code end};
         * the index after that.
         */
        private static int copyThrough(String sql, int start, int opening, String end, StringBuilder jdbc) {
            int found = sql.indexOf(end, start + opening);
            if (found < 0) {
                if (end.equals("\n")) { // a comment on the last line
                    jdbc.append(sql, start, sql.length());
                    return sql.length();
                }
                throw new IllegalArgumentException("no closing " + end + " in " + sql);
            }
            int after = found + end.length();
            jdbc.append(sql, start, after);
            return after;
        }
    }
}
