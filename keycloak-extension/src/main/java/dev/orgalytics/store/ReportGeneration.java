package dev.orgalytics.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * A realm's report generation (table {@code OA_REPORT_GENERATION}): a counter raised in the same
 * transaction as any change to history that reports already showed. Caches of report results key
 * their entries by it; since every node reads it from the shared database, a change committed
 * through one node invalidates every node's entries at once, with no cluster messaging.
 */
public final class ReportGeneration {

    private ReportGeneration() {
    }

    /** The realm's generation; 0 until its history first changes. One primary-key read. */
    public static long read(Connection connection, String realmId) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT GENERATION FROM OA_REPORT_GENERATION WHERE REALM_ID = ?")) {
            ps.setString(1, realmId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        }
    }

    /**
     * Creates the realm's row if missing (realm setup, so that {@link #raise} is a plain update).
     * Two nodes may both insert it; the loser's unique violation is retried by its caller.
     */
    public static void ensure(Connection connection, String realmId) throws SQLException {
        if (!exists(connection, realmId)) {
            insert(connection, realmId, 0);
        }
    }

    /** Raises the realm's generation; the row lock orders concurrent raises. */
    public static void raise(Connection connection, String realmId) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(
                "UPDATE OA_REPORT_GENERATION SET GENERATION = GENERATION + 1 WHERE REALM_ID = ?")) {
            ps.setString(1, realmId);
            if (ps.executeUpdate() > 0) {
                return;
            }
        }
        // A realm whose setup has not run yet: its first change starts the count.
        insert(connection, realmId, 1);
    }

    private static boolean exists(Connection connection, String realmId) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("SELECT 1 FROM OA_REPORT_GENERATION WHERE REALM_ID = ?")) {
            ps.setString(1, realmId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static void insert(Connection connection, String realmId, long generation) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(
                "INSERT INTO OA_REPORT_GENERATION (REALM_ID, GENERATION) VALUES (?, ?)")) {
            ps.setString(1, realmId);
            ps.setLong(2, generation);
            ps.executeUpdate();
        }
    }
}
