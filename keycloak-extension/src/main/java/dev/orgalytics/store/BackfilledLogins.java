package dev.orgalytics.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Stores login events read back from Keycloak's own event store (a backfill): only those whose id
 * is not stored yet, so a backfill run twice, or over events the listener captured live (same
 * Keycloak event id), stores each event once. Stored history changes what reports already showed,
 * so the realm's report generation is raised with it.
 */
final class BackfilledLogins {

    /** Ids looked up per statement: far below every driver's parameter limit. */
    private static final int LOOKUP_CHUNK = 1_000;

    private final Connection connection;

    BackfilledLogins(Connection connection) {
        this.connection = connection;
    }

    /** Stores the rows of {@code realmId} not stored yet and returns how many that was. */
    int store(String realmId, List<LoginRow> rows) throws SQLException {
        Set<String> seen = new HashSet<>(stored(rows));
        List<LoginRow> fresh = new ArrayList<>();
        for (LoginRow r : rows) {
            if (seen.add(r.id())) {
                fresh.add(r);
            }
        }
        if (!fresh.isEmpty()) {
            new AnalyticsWriter(connection).writeLogins(fresh);
            ReportGeneration.raise(connection, realmId);
        }
        return fresh.size();
    }

    private Set<String> stored(List<LoginRow> rows) throws SQLException {
        Set<String> ids = new HashSet<>();
        for (int from = 0; from < rows.size(); from += LOOKUP_CHUNK) {
            List<LoginRow> chunk = rows.subList(from, Math.min(rows.size(), from + LOOKUP_CHUNK));
            String sql = "SELECT ID FROM OA_LOGIN_EVENT WHERE ID IN (" + String.join(", ", Collections.nCopies(chunk.size(), "?")) + ")";
            try (PreparedStatement ps = connection.prepareStatement(sql)) {
                int i = 0;
                for (LoginRow r : chunk) {
                    ps.setString(++i, r.id());
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        ids.add(rs.getString(1));
                    }
                }
            }
        }
        return ids;
    }
}
