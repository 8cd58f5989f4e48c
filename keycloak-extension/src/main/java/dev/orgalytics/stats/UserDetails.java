package dev.orgalytics.stats;

import java.io.IOException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Completes user rows with their groups (full paths) and realm roles, looked up for a chunk of
 * users at once, and sends them on in the order they came. Reads Keycloak's own tables
 * ({@code KEYCLOAK_GROUP}, {@code USER_GROUP_MEMBERSHIP}, {@code USER_ROLE_MAPPING},
 * {@code KEYCLOAK_ROLE}) as of Keycloak 26.
 */
final class UserDetails {

    /** Users whose groups and roles are looked up in one statement. */
    static final int CHUNK = 500;

    private final Jdbc db;
    private final String realmId;
    private final Jdbc.RowSink<UsersReport.UserRow> sink;
    private final List<UsersReport.UserRow> chunk = new ArrayList<>(CHUNK);
    /** The realm's group paths, read once per report when the first chunk is sent. */
    private Map<String, String> groupPaths;

    UserDetails(Jdbc db, String realmId, Jdbc.RowSink<UsersReport.UserRow> sink) {
        this.db = db;
        this.realmId = realmId;
        this.sink = sink;
    }

    void add(UsersReport.UserRow row) throws SQLException, IOException {
        chunk.add(row);
        if (chunk.size() == CHUNK) {
            flush();
        }
    }

    /** Sends the rows held so far; call once more after the last {@link #add}. */
    void flush() throws SQLException, IOException {
        if (chunk.isEmpty()) {
            return;
        }
        if (groupPaths == null) {
            groupPaths = groupPaths();
        }
        Map<String, List<String>> groups = new HashMap<>();
        Map<String, List<String>> roles = new HashMap<>();
        Sql ids = Sql.in(chunk.stream().map(UsersReport.UserRow::id).toList());
        db.forEach(Sql.of("SELECT m.USER_ID, m.GROUP_ID FROM USER_GROUP_MEMBERSHIP m WHERE m.USER_ID IN ").plus(ids), rs -> {
            String path = groupPaths.get(rs.getString(2));
            if (path != null) groups.computeIfAbsent(rs.getString(1), x -> new ArrayList<>()).add(path);
        });
        // Every user holds the realm's default-roles composite; listing it would say nothing.
        db.forEach(Sql.of("SELECT rm.USER_ID, r.NAME FROM USER_ROLE_MAPPING rm JOIN KEYCLOAK_ROLE r"
                + " ON r.ID = rm.ROLE_ID WHERE r.REALM_ID = ? AND r.CLIENT_ROLE = FALSE AND r.NAME NOT LIKE CONCAT(?, '%')"
                + " AND rm.USER_ID IN ", realmId, "default-roles-").plus(ids),
                rs -> roles.computeIfAbsent(rs.getString(1), x -> new ArrayList<>()).add(rs.getString(2)));
        for (UsersReport.UserRow r : chunk) {
            List<String> g = groups.getOrDefault(r.id(), new ArrayList<>());
            List<String> ro = roles.getOrDefault(r.id(), new ArrayList<>());
            Collections.sort(g);
            Collections.sort(ro);
            sink.accept(r.withGroupsAndRoles(g, ro));
        }
        chunk.clear();
    }

    /** Group id to full path ({@code /Recruiters/EMEA}) for the realm's groups (organization groups excluded). */
    private Map<String, String> groupPaths() throws SQLException {
        Map<String, String[]> byId = new HashMap<>();
        db.forEach(Sql.of("SELECT g.ID, g.NAME, g.PARENT_GROUP FROM KEYCLOAK_GROUP g WHERE g.REALM_ID = ? AND g.TYPE = 0", realmId),
                rs -> byId.put(rs.getString(1), new String[] {rs.getString(2), rs.getString(3)}));
        Map<String, String> paths = new HashMap<>();
        for (String id : byId.keySet()) {
            StringBuilder path = new StringBuilder();
            String cur = id;
            for (int depth = 0; cur != null && byId.containsKey(cur) && depth < 100; depth++) {
                String[] g = byId.get(cur);
                path.insert(0, "/" + g[0]);
                cur = g[1];
            }
            paths.put(id, path.toString());
        }
        return paths;
    }
}
