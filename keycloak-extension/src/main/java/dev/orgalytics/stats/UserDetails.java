package dev.orgalytics.stats;

import java.io.IOException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Completes user rows with their groups (full paths) and realm roles, looked up for a chunk of
 * users at once, and sends them on in the order they came. Reads Keycloak's own tables
 * ({@code KEYCLOAK_GROUP}, {@code USER_GROUP_MEMBERSHIP}, {@code USER_ROLE_MAPPING},
 * {@code KEYCLOAK_ROLE}) as of Keycloak 26. Rows of any report that lists people: {@code T} says
 * how to read a row's user id and how to make the completed row.
 */
final class UserDetails<T> {

    /** A row of type {@code T} with its user's group paths and role names, each sorted. */
    @FunctionalInterface
    interface Completion<T> {
        T complete(T row, List<String> groups, List<String> roles);
    }

    /** Users whose groups and roles are looked up in one statement. */
    static final int CHUNK = 500;

    private final Jdbc db;
    private final String realmId;
    private final Function<T, String> userId;
    private final Completion<T> completion;
    /** Whether roles are looked up too (a report that does not answer them saves the query). */
    private final boolean roles;
    private final Jdbc.RowSink<T> sink;
    private final List<T> chunk = new ArrayList<>(CHUNK);
    /** The realm's group paths, read once per report when the first chunk is sent. */
    private Map<String, String> groupPaths;

    /** For the users report's rows: groups and roles. */
    static UserDetails<UsersReport.UserRow> ofUsers(Jdbc db, String realmId, Jdbc.RowSink<UsersReport.UserRow> sink) {
        return new UserDetails<>(db, realmId, UsersReport.UserRow::id, UsersReport.UserRow::withGroupsAndRoles, true, sink);
    }

    UserDetails(Jdbc db, String realmId, Function<T, String> userId, Completion<T> completion, boolean roles,
                Jdbc.RowSink<T> sink) {
        this.db = db;
        this.realmId = realmId;
        this.userId = userId;
        this.completion = completion;
        this.roles = roles;
        this.sink = sink;
    }

    void add(T row) throws SQLException, IOException {
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
        Map<String, List<String>> roleNames = new HashMap<>();
        Sql ids = Sql.in(chunk.stream().map(userId).toList());
        db.forEach(Sql.of("SELECT m.USER_ID, m.GROUP_ID FROM USER_GROUP_MEMBERSHIP m WHERE m.USER_ID IN ").plus(ids), rs -> {
            String path = groupPaths.get(rs.getString(2));
            if (path != null) groups.computeIfAbsent(rs.getString(1), x -> new ArrayList<>()).add(path);
        });
        if (roles) {
            db.forEach(Sql.of("SELECT rm.USER_ID, r.NAME FROM USER_ROLE_MAPPING rm JOIN (").plus(realmRoles(realmId))
                    .plus(") r ON r.ID = rm.ROLE_ID WHERE rm.USER_ID IN ").plus(ids),
                    rs -> roleNames.computeIfAbsent(rs.getString(1), x -> new ArrayList<>()).add(rs.getString(2)));
        }
        for (T r : chunk) {
            List<String> g = groups.getOrDefault(userId.apply(r), new ArrayList<>());
            List<String> ro = roleNames.getOrDefault(userId.apply(r), new ArrayList<>());
            Collections.sort(g);
            Collections.sort(ro);
            sink.accept(completion.complete(r, g, ro));
        }
        chunk.clear();
    }

    /**
     * For an export of every user: each user's group ids and realm role ids, aggregated by the
     * database in the report's own query ({@link #exportColumns}, {@link #exportJoins}) and named
     * here ({@link #complete}). Looking them up per chunk costs an index probe per user (about 10 µs
     * on PostgreSQL), which at 500,000 users was most of an export's time; one pass over the realm's
     * memberships is a fraction of that, and the database holds the aggregation, not Keycloak's heap.
     */
    static final class ForExport {
        private final Map<String, String> groupPaths;
        private final Map<String, String> roleNames;

        private ForExport(Map<String, String> groupPaths, Map<String, String> roleNames) {
            this.groupPaths = groupPaths;
            this.roleNames = roleNames;
        }

        static ForExport read(Jdbc db, String realmId) throws SQLException {
            Map<String, String> roles = new HashMap<>();
            db.forEach(realmRoles(realmId), rs -> roles.put(rs.getString(1), rs.getString(2)));
            return new ForExport(ofUsers(db, realmId, null).groupPaths(), roles);
        }

        /** The two aggregated columns, {@code GROUP_IDS} and {@code ROLE_IDS}, comma-separated ids. */
        static String exportColumns() {
            return "gm.IDS AS GROUP_IDS, rr.IDS AS ROLE_IDS";
        }

        /** Joins of {@code USER_ENTITY u} to its users' aggregated memberships and realm role mappings. */
        static Sql exportJoins(Jdbc db, String realmId) throws SQLException {
            String agg = db.listAggregate();
            return Sql.of(" LEFT JOIN (SELECT m.USER_ID, " + agg.replace("%s", "m.GROUP_ID") + " AS IDS"
                    + " FROM USER_GROUP_MEMBERSHIP m JOIN KEYCLOAK_GROUP g ON g.ID = m.GROUP_ID"
                    + " WHERE g.REALM_ID = ? AND g.TYPE = 0 GROUP BY m.USER_ID) gm ON gm.USER_ID = u.ID", realmId)
                    .plus(Sql.of(" LEFT JOIN (SELECT rm.USER_ID, " + agg.replace("%s", "rm.ROLE_ID") + " AS IDS"
                            + " FROM USER_ROLE_MAPPING rm WHERE rm.ROLE_ID IN (SELECT r.ID FROM (").plus(realmRoles(realmId))
                            .plus(") r) GROUP BY rm.USER_ID) rr ON rr.USER_ID = u.ID"));
        }

        /** {@code row} with the groups' paths and the roles' names of its aggregated ids, each sorted. */
        UsersReport.UserRow complete(UsersReport.UserRow row, String groupIds, String roleIds) {
            return row.withGroupsAndRoles(names(groupIds, groupPaths), names(roleIds, roleNames));
        }

        private static List<String> names(String ids, Map<String, String> byId) {
            List<String> out = new ArrayList<>();
            if (ids != null && !ids.isEmpty()) {
                // Keycloak's ids are UUIDs: no comma inside one.
                for (String id : ids.split(",")) {
                    String name = byId.get(id);
                    if (name != null) out.add(name);
                }
            }
            Collections.sort(out);
            return out;
        }
    }

    /** The realm's own roles a user row lists, {@code ID, NAME}: every user holds the default-roles composite, which says nothing. */
    private static Sql realmRoles(String realmId) {
        return Sql.of("SELECT r.ID, r.NAME FROM KEYCLOAK_ROLE r WHERE r.REALM_ID = ? AND r.CLIENT_ROLE = FALSE"
                + " AND r.NAME NOT LIKE CONCAT(?, '%')", realmId, "default-roles-");
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
