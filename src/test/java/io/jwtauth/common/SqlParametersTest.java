package io.jwtauth.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** How {@link Sql} turns named parameters into JDBC's, and what it leaves alone. */
class SqlParametersTest {

    @Test
    void namesBecomeQuestionMarksInOrderAndMayRepeat() {
        Sql.Parsed parsed = Sql.Parsed.of("SELECT * FROM t WHERE a = :a AND b > :now AND c < :now");
        assertEquals("SELECT * FROM t WHERE a = ? AND b > ? AND c < ?", parsed.jdbc());
        assertEquals(List.of("a", "now", "now"), parsed.order());
    }

    @Test
    void castsLiteralsQuotedNamesAndCommentsAreNotParameters() {
        Sql.Parsed parsed = Sql.Parsed.of("SELECT :x::int, 'at 10:30', \"odd:name\", E'it''s :no' -- it's :not\n"
                + "/* :neither */ FROM t WHERE u = :user");
        assertEquals(
                "SELECT ?::int, 'at 10:30', \"odd:name\", E'it''s :no' -- it's :not\n/* :neither */ FROM t WHERE u = ?",
                parsed.jdbc());
        assertEquals(List.of("x", "user"), parsed.order());
    }

    @Test
    void anUnclosedLiteralOrCommentIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> Sql.Parsed.of("SELECT 'open"));
        assertThrows(IllegalArgumentException.class, () -> Sql.Parsed.of("SELECT /*/ 1"));
    }
}
