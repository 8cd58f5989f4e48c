package dev.orgalytics.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
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
        return StoredIds.in(connection, "OA_LOGIN_EVENT", rows.stream().map(LoginRow::id).toList());
    }
}
