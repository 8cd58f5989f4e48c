package dev.orgalytics.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.SQLException;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

class ReportGenerationDatabaseTest {

    @ParameterizedTest
    @FieldSource("dev.orgalytics.store.TestDatabase#KINDS")
    void generationStartsAtZeroAndRisesWithEachChange(String kind) throws Exception {
        try (TestDatabase db = TestDatabase.create(kind); Connection c = db.connect()) {
            assertEquals(0, ReportGeneration.read(c, "r1"));
            ReportGeneration.ensure(c, "r1");
            ReportGeneration.ensure(c, "r1"); // idempotent: every node runs it at every boot
            assertEquals(0, ReportGeneration.read(c, "r1"));
            ReportGeneration.raise(c, "r1");
            ReportGeneration.raise(c, "r1");
            assertEquals(2, ReportGeneration.read(c, "r1"));
            assertEquals(0, ReportGeneration.read(c, "r2"), "per realm");

            ReportGeneration.raise(c, "r2"); // a realm whose setup has not run yet
            assertEquals(1, ReportGeneration.read(c, "r2"));

            new AnalyticsDeletion(c).deleteRealm("r1");
            assertEquals(0, ReportGeneration.read(c, "r1"));
        }
    }

    /** Two nodes setting up the same realm at once: the loser's insert fails and its caller retries. */
    @ParameterizedTest
    @FieldSource("dev.orgalytics.store.TestDatabase#KINDS")
    void aSecondInsertOfTheSameRealmIsAUniqueViolation(String kind) throws Exception {
        try (TestDatabase db = TestDatabase.create(kind); Connection a = db.connect(); Connection b = db.connect()) {
            ReportGeneration.ensure(a, "r1");
            SQLException e = assertThrows(SQLException.class, () -> {
                // b checked before a's insert: what a racing node does.
                try (var ps = b.prepareStatement("INSERT INTO OA_REPORT_GENERATION (REALM_ID, GENERATION) VALUES ('r1', 0)")) {
                    ps.executeUpdate();
                }
            });
            assertTrue(WriteRetry.isRetryable(e));
            ReportGeneration.ensure(b, "r1"); // the retry sees the row
            assertEquals(0, ReportGeneration.read(b, "r1"));
        }
    }
}
