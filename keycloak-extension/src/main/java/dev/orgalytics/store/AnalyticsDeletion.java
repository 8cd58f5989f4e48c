package dev.orgalytics.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * Deletes the analytics rows of a user or a realm from every table of {@link AnalyticsTable}, on the
 * caller's connection and transaction: the one that deletes the user or realm in Keycloak, so both
 * go or neither does.
 */
public final class AnalyticsDeletion {

    private final Connection connection;

    public AnalyticsDeletion(Connection connection) {
        this.connection = connection;
    }

    /**
     * Deletes every row of a user, after taking the user's counts out of the realm roll-ups (which
     * must keep equalling the sum over the remaining users), and raises the realm's
     * {@link ReportGeneration}: reports cached on any node are then stale.
     */
    public void deleteUser(String realmId, String userId) throws SQLException {
        new AnalyticsWriter(connection).subtractUserFromRealm(realmId, userId);
        for (AnalyticsTable table : AnalyticsTable.values()) {
            if (table.perUser()) {
                delete(table, realmId, userId);
            }
        }
        ReportGeneration.raise(connection, realmId);
    }

    /** Deletes every row of a realm, its report generation included. */
    public void deleteRealm(String realmId) throws SQLException {
        for (AnalyticsTable table : AnalyticsTable.values()) {
            delete(table, realmId, null);
        }
    }

    private void delete(AnalyticsTable table, String realmId, String userId) throws SQLException {
        String sql = "DELETE FROM " + table.tableName() + " WHERE " + AnalyticsTable.REALM_COLUMN + " = ?"
                + (userId != null ? " AND " + AnalyticsTable.USER_COLUMN + " = ?" : "");
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            ps.setString(1, realmId);
            if (userId != null) {
                ps.setString(2, userId);
            }
            ps.executeUpdate();
        }
    }
}
