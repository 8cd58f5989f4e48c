package dev.orgalytics.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Which of some event ids a raw table ({@code OA_ACTION}, {@code OA_LOGIN_EVENT}) holds, by primary key, and which of some actions' idempotency keys. */
final class StoredIds {

    /** Ids per statement: far below every driver's parameter limit. */
    private static final int CHUNK = 500;

    private StoredIds() {
    }

    static Set<String> in(Connection connection, String table, List<String> ids) throws SQLException {
        Set<String> found = new HashSet<>();
        for (int from = 0; from < ids.size(); from += CHUNK) {
            List<String> chunk = ids.subList(from, Math.min(ids.size(), from + CHUNK));
            String sql = "SELECT ID FROM " + table + " WHERE ID IN (" + String.join(", ", Collections.nCopies(chunk.size(), "?")) + ")";
            try (PreparedStatement ps = connection.prepareStatement(sql)) {
                for (int i = 0; i < chunk.size(); i++) {
                    ps.setString(i + 1, chunk.get(i));
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        found.add(rs.getString(1));
                    }
                }
            }
        }
        return found;
    }

    /** Which realm-and-key pairs ({@code realm + '\u0000' + key}) of the keyed {@code rows} {@code OA_ACTION} holds. */
    static Set<String> keysIn(Connection connection, List<ActionRow> rows) throws SQLException {
        Set<String> found = new HashSet<>();
        List<ActionRow> keyed = rows.stream().filter(r -> r.clientKey() != null).toList();
        for (int from = 0; from < keyed.size(); from += CHUNK) {
            List<ActionRow> chunk = keyed.subList(from, Math.min(keyed.size(), from + CHUNK));
            StringBuilder sql = new StringBuilder("SELECT REALM_ID, CLIENT_KEY FROM OA_ACTION WHERE ");
            for (int i = 0; i < chunk.size(); i++) {
                sql.append(i == 0 ? "" : " OR ").append("(REALM_ID = ? AND CLIENT_KEY = ?)");
            }
            try (PreparedStatement ps = connection.prepareStatement(sql.toString())) {
                int i = 0;
                for (ActionRow r : chunk) {
                    ps.setString(++i, r.realmId());
                    ps.setString(++i, r.clientKey());
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        found.add(rs.getString(1) + '\u0000' + rs.getString(2));
                    }
                }
            }
        }
        return found;
    }
}
