package dev.orgalytics.stats;

import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * One row of a result by column number (from 1, as in JDBC), whichever way the row arrived: a JDBC
 * result set, or a line of PostgreSQL's {@code COPY} text ({@link CopyTextRow}). A report that
 * reads its rows through this serves its pages and its exports with one reader.
 */
public interface Fields {

    /** The column as text, null for SQL NULL. */
    String text(int column) throws SQLException;

    /** The column's integer, null for SQL NULL. */
    Long number(int column) throws SQLException;

    boolean flag(int column) throws SQLException;

    /** The column's integer, 0 for SQL NULL: a count that has no row (an outer join) is none. */
    default long count(int column) throws SQLException {
        Long v = number(column);
        return v == null ? 0 : v;
    }

    /** The current row of {@code rs}. */
    static Fields of(ResultSet rs) {
        return new Fields() {
            @Override
            public String text(int column) throws SQLException {
                return rs.getString(column);
            }

            @Override
            public Long number(int column) throws SQLException {
                return Jdbc.nullableLong(rs, column);
            }

            @Override
            public boolean flag(int column) throws SQLException {
                return rs.getBoolean(column);
            }
        };
    }
}
