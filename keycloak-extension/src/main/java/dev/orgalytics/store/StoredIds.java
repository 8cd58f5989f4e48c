package dev.orgalytics.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Which of some event ids a raw table ({@code OA_ACTION}, {@code OA_LOGIN_EVENT}) holds, by primary key, and which of some actions' idempotency keys. */
final class StoredIds {

    private StoredIds() {
    }

    static Set<String> in(Connection connection, String table, List<String> ids) throws SQLException {
        Set<String> found = new HashSet<>();
        KeyLookups.select(connection, ids, chunk -> "SELECT ID FROM " + table + " WHERE ID IN ("
                + KeyLookups.placeholders(chunk.size()) + ")", (ps, chunk) -> KeyLookups.bindStrings(ps, 1, chunk),
                rs -> found.add(rs.getString(1)));
        return found;
    }

    /** Which realm-and-key pairs ({@code realm + '\u0000' + key}) of the keyed {@code rows} {@code OA_ACTION} holds. */
    static Set<String> keysIn(Connection connection, List<ActionRow> rows) throws SQLException {
        Set<String> found = new HashSet<>();
        List<ActionRow> keyed = rows.stream().filter(r -> r.clientKey() != null).toList();
        KeyLookups.select(connection, keyed, chunk -> "SELECT REALM_ID, CLIENT_KEY FROM OA_ACTION WHERE "
                + String.join(" OR ", Collections.nCopies(chunk.size(), "(REALM_ID = ? AND CLIENT_KEY = ?)")), (ps, chunk) -> {
                    int i = 0;
                    for (ActionRow r : chunk) {
                        ps.setString(++i, r.realmId());
                        ps.setString(++i, r.clientKey());
                    }
                }, rs -> found.add(rs.getString(1) + '\u0000' + rs.getString(2)));
        return found;
    }
}
