package dev.orgalytics.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.FieldSource;

import dev.orgalytics.store.TestDatabase;

/**
 * {@link Jdbc#export} answers exactly what the cursor ({@link Jdbc#stream}) answers, on every
 * engine: on PostgreSQL through COPY, with texts that its text format escapes and values written
 * into the statement as literals.
 */
@ParameterizedClass(name = "{0}")
@FieldSource("dev.orgalytics.store.TestDatabase#KINDS")
class ExportStreamDatabaseTest {

    /** Texts that COPY escapes, or that a literal must escape, or that are not ASCII. */
    private static final List<String> TEXTS = Arrays.asList("plain", "tab\there", "line\nbreak", "cr\rlf\n", "back\\slash",
            "it's", "\\N", "", null, "é ü 日本 🎉", "v\u000Bb\bf\f", "a\\tb", "\"quoted\"", "semi;colon,comma");
    private static final int ROWS = 3000;

    private static TestDatabase database;

    @Parameter
    String kind;

    private Connection connection;
    private Jdbc db;

    @BeforeParameterizedClassInvocation
    static void createDatabase(String kind) throws Exception {
        database = TestDatabase.create(kind);
        database.inTransaction(c -> {
            try (Statement st = c.createStatement()) {
                st.execute("CREATE TABLE OA_TEST_EXPORT (ID INT NOT NULL PRIMARY KEY, NAME VARCHAR(200), N BIGINT, B BOOLEAN)");
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO OA_TEST_EXPORT VALUES (?, ?, ?, ?)")) {
                for (int i = 0; i < ROWS; i++) {
                    ps.setInt(1, i);
                    ps.setString(2, TEXTS.get(i % TEXTS.size()) == null ? null : TEXTS.get(i % TEXTS.size()) + (i < TEXTS.size() ? "" : i));
                    ps.setObject(3, i % 7 == 0 ? null : (long) i * 1_000_000_007L);
                    ps.setObject(4, i % 5 == 0 ? null : i % 2 == 0);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        });
    }

    @AfterParameterizedClassInvocation
    static void dropDatabase() throws Exception {
        database.close();
    }

    @BeforeEach
    void connect() throws Exception {
        connection = database.connect();
        connection.setAutoCommit(false);
        db = new Jdbc(connection);
        db.tuneForReports();
    }

    @AfterEach
    void disconnect() throws Exception {
        connection.rollback();
        connection.close();
    }

    private record Row(int id, String name, Long n, boolean b) {
    }

    private static final Jdbc.FieldsReader<Row> ROW = f -> new Row(f.number(1).intValue(), f.text(2), f.number(3), f.flag(4));

    /** Every value kind written as a literal, and texts whose escaping matters in a literal. */
    private static Sql query() {
        return Sql.of("SELECT ID, NAME, N, B FROM OA_TEST_EXPORT WHERE (NAME IS NULL OR NAME <> ? OR NAME <> ?)"
                + " AND ID >= ? AND (N IS NULL OR N > ?) AND (B IS NULL OR B = ? OR B = ?) ORDER BY ID",
                "it's", "back\\slash", 0, -1L, true, false);
    }

    @Test
    void exportAnswersWhatTheCursorAnswers() throws Exception {
        List<Row> streamed = new ArrayList<>();
        db.stream(query(), Jdbc.reading(ROW), streamed::add);
        List<Row> exported = new ArrayList<>();
        db.export(query(), ROW, exported::add);
        assertEquals(ROWS, streamed.size());
        assertEquals(streamed, exported);
        // The texts came back as they were written, not only as the cursor reads them.
        for (int i = 0; i < TEXTS.size(); i++) {
            assertEquals(TEXTS.get(i), exported.get(i).name());
        }
    }

    @Test
    void onPostgresTheExportIsOneCopyWithTheServersParallelWorkers() throws Exception {
        Sql setting = Sql.of("SELECT current_setting('max_parallel_workers_per_gather') WHERE ? = ?", "a", "a");
        assertEquals(kind.equals("postgres"), PostgresCopy.supports(connection, setting));
        if (!kind.equals("postgres")) {
            return;
        }
        assertFalse(PostgresCopy.supports(connection, Sql.of("SELECT ?", "nul\0")), "a NUL cannot be a literal");
        assertFalse(PostgresCopy.supports(connection, Sql.of("SELECT ?", 1.5)), "only texts, integers and booleans");
        assertEquals("SELECT 'it''s \\', 7, -3, FALSE", PostgresCopy.inline(Sql.of("SELECT ?, ?, ?, ?", "it's \\", 7, -3L, false),
                connection.unwrap(org.postgresql.PGConnection.class)), "literals escaped by the driver");
        String reset = texts(Sql.of("SELECT reset_val FROM pg_settings WHERE name = 'max_parallel_workers_per_gather'")).get(0);
        List<String> during = new ArrayList<>();
        db.export(setting, f -> f.text(1), during::add);
        assertEquals(List.of(reset), during, "the server's own value during the export");
        assertEquals(List.of("0"), texts(Sql.of("SHOW max_parallel_workers_per_gather")), "the report's value after it");
    }

    @Test
    void aSinkThatFailsStopsTheExportWithItsOwnError() throws Exception {
        IOException gone = new IOException("client went away");
        List<Row> seen = new ArrayList<>();
        IOException thrown = assertThrows(IOException.class, () -> db.export(query(), ROW, r -> {
            seen.add(r);
            if (seen.size() == 2) {
                throw gone;
            }
        }));
        assertSame(gone, thrown);
        assertEquals(2, seen.size());
        connection.rollback();
        assertEquals(List.of(String.valueOf(ROWS)), texts(Sql.of("SELECT COUNT(*) FROM OA_TEST_EXPORT")),
                "the connection serves the next transaction");
    }

    private List<String> texts(Sql sql) throws Exception {
        return db.list(sql, rs -> rs.getString(1));
    }
}
