package dev.orgalytics.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The statements of one write whose results the writer does not read (the roll-up upserts, the
 * attribution rows, inserts that cannot clash), sent in the order given. On PostgreSQL they travel
 * together as one multi-statement, one round trip: an ingestion batch ran about sixteen statements
 * and one with organizations twenty-three, and the rates stood in that ratio (0.72), each statement
 * a round trip the request waited for. Elsewhere each runs when added: MariaDB's driver takes one
 * statement per prepared statement unless the JDBC URL allows more, and H2 runs in the same process.
 */
final class StatementRound {

    /** Parameters of one round at most, far below PostgreSQL's limit of one statement; a larger round flushes first. */
    static final int MAX_PARAMETERS = 30_000;

    /** Binds a statement's parameters from {@code index + 1} on and returns the last index used. */
    @FunctionalInterface
    interface Parameters {
        int bind(PreparedStatement ps, int index) throws SQLException;
    }

    private record Part(String sql, Parameters parameters) {
    }

    private final Connection connection;
    private final boolean together;
    private final List<Part> parts = new ArrayList<>();
    private int parameterCount;

    StatementRound(Connection connection, SqlDialect dialect) {
        this.connection = connection;
        this.together = dialect == SqlDialect.POSTGRES;
    }

    /** Adds a statement; runs it now where statements do not travel together. */
    void add(String sql, Parameters parameters) throws SQLException {
        if (!together) {
            try (PreparedStatement ps = connection.prepareStatement(sql)) {
                parameters.bind(ps, 0);
                ps.executeUpdate();
            }
            return;
        }
        int count = placeholders(sql);
        if (!parts.isEmpty() && parameterCount + count > MAX_PARAMETERS) {
            flush();
        }
        parts.add(new Part(sql, parameters));
        parameterCount += count;
    }

    /** Forgets what was added and not sent: the statements of a write whose transaction failed before they were. */
    void discard() {
        parts.clear();
        parameterCount = 0;
    }

    /** Sends what was added since the last flush, as one statement. */
    void flush() throws SQLException {
        if (parts.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = connection.prepareStatement(joined(parts.stream().map(Part::sql).toList()))) {
            int index = 0;
            for (Part part : parts) {
                index = part.parameters().bind(ps, index);
            }
            ps.execute();
        } finally {
            parts.clear();
            parameterCount = 0;
        }
    }

    /** The statements as one text, in their order. */
    static String joined(List<String> statements) {
        return String.join(";\n", statements);
    }

    /** The parameters of a statement this extension writes: its {@code ?}s (none sits inside a literal). */
    static int placeholders(String sql) {
        int n = 0;
        for (int i = 0; i < sql.length(); i++) {
            if (sql.charAt(i) == '?') {
                n++;
            }
        }
        return n;
    }
}
