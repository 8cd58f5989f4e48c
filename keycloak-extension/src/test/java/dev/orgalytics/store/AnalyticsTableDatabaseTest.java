package dev.orgalytics.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * The table catalog against the schema the changelog really creates, and deletion of users and
 * realms walking it: a table added to the changelog but not to {@link AnalyticsTable} fails here.
 */
class AnalyticsTableDatabaseTest {

    private static final long T0 = 1_795_000_000_000L;

    @ParameterizedTest
    @FieldSource("dev.orgalytics.store.TestDatabase#KINDS")
    void theCatalogNamesEveryTableOfTheChangelogWithItsColumnsAndKey(String kind) throws Exception {
        try (TestDatabase db = TestDatabase.create(kind); Connection c = db.connect()) {
            DatabaseMetaData meta = c.getMetaData();
            Set<String> created = new TreeSet<>();
            try (ResultSet rs = meta.getTables(c.getCatalog(), c.getSchema(), "%", new String[] {"TABLE"})) {
                while (rs.next()) {
                    String name = rs.getString("TABLE_NAME").toUpperCase(Locale.ROOT);
                    if (name.startsWith("OA_")) {
                        created.add(name);
                    }
                }
            }
            Set<String> catalogued = new TreeSet<>(Arrays.stream(AnalyticsTable.values()).map(AnalyticsTable::tableName).toList());
            assertEquals(catalogued, created);

            for (AnalyticsTable table : AnalyticsTable.values()) {
                String name = table.tableName();
                Set<String> columns = columns(meta, c, name);
                assertTrue(columns.contains(AnalyticsTable.REALM_COLUMN), name);
                assertEquals(table.perUser(), columns.contains(AnalyticsTable.USER_COLUMN), name + " per user");
                if (table.timeColumn() != null) {
                    assertTrue(columns.contains(table.timeColumn()), name + " " + table.timeColumn());
                }
                assertEquals(table.retention() == AnalyticsTable.Retention.NONE, table.timeColumn() == null, name);
                assertEquals(table.primaryKey(), primaryKey(meta, c, name), name + " primary key");
            }
        }
    }

    /**
     * Two users in each of two realms, with rows in every table. Deleting one user leaves none of its
     * rows and every other user's; deleting a realm leaves none of its rows and the other realm's.
     */
    @ParameterizedTest
    @FieldSource("dev.orgalytics.store.TestDatabase#KINDS")
    void deletingAUserOrARealmLeavesNoRowOfItInAnyTable(String kind) throws Exception {
        try (TestDatabase db = TestDatabase.create(kind)) {
            db.inTransaction(c -> {
                // Keycloak's user ids are unique across realms: one account each with a creation time,
                // so that both realms have counts of new users (OA_REALM_NEW_ACTIVE_DAY).
                c.createStatement().executeUpdate("INSERT INTO USER_ENTITY (ID, USERNAME, ENABLED, CREATED_TIMESTAMP, REALM_ID)"
                        + " VALUES ('u1', 'u1', TRUE, " + (T0 - 3_600_000L) + ", 'r1'), ('u2', 'u2', TRUE, " + (T0 - 3_600_000L)
                        + ", 'r2')");
                AnalyticsWriter writer = new AnalyticsWriter(c);
                CatalogStore catalog = new CatalogStore(c);
                for (String realm : List.of("r1", "r2")) {
                    ReportGeneration.ensure(c, realm);
                    catalog.save(realm, "strict", List.of(new CatalogStore.Entry("job_posted", null)), T0);
                    catalog.recordRefused(realm, List.of("made_up"), T0);
                    for (String user : List.of("u1", "u2")) {
                        // Attributed to organizations, so the attribution tables hold rows too (an action
                        // of one organization keeps it in its own row: this one has two).
                        writer.writeLogins(List.of(new LoginRow(UUID.randomUUID().toString(), realm, user, "web", "LOGIN",
                                true, null, "127.0.0.1", T0, List.of("org-1"))));
                        writer.writeActions(List.of(new ActionRow(UUID.randomUUID().toString(), realm, user, "web",
                                "job_posted", null, T0, T0, null, null, null, null, null, List.of("org-1", "org-2"))));
                        new OrganizationMemberships(c).joined(realm, "org-1", user, T0);
                    }
                }
            });
            for (AnalyticsTable table : AnalyticsTable.values()) {
                for (String realm : List.of("r1", "r2")) {
                    assertTrue(rows(db, table, realm, table.perUser() ? "u1" : null) > 0, table + " filled for " + realm);
                }
            }

            db.inTransaction(c -> new AnalyticsDeletion(c).deleteUser("r1", "u1"));
            for (AnalyticsTable table : AnalyticsTable.values()) {
                if (table.perUser()) {
                    assertEquals(0, rows(db, table, "r1", "u1"), table + ": the deleted user");
                    assertTrue(rows(db, table, "r1", "u2") > 0, table + ": the realm's other user");
                    assertTrue(rows(db, table, "r2", "u1") > 0, table + ": the same id in another realm");
                }
            }
            // The realm roll-ups keep equalling the sum over the remaining users.
            assertEquals(db.count("SELECT SUM(ACTIONS) FROM OA_USER_ACTIVITY_MONTH WHERE REALM_ID = 'r1'"),
                    db.count("SELECT SUM(ACTIONS) FROM OA_REALM_ACTIVITY_MONTH WHERE REALM_ID = 'r1'"));
            assertEquals(1, db.count("SELECT SUM(LOGINS) FROM OA_REALM_ACTIVITY WHERE REALM_ID = 'r1'"));
            assertEquals(1, db.count("SELECT GENERATION FROM OA_REPORT_GENERATION WHERE REALM_ID = 'r1'"),
                    "cached reports of the realm are stale");

            db.inTransaction(c -> new AnalyticsDeletion(c).deleteRealm("r1"));
            for (AnalyticsTable table : AnalyticsTable.values()) {
                assertEquals(0, rows(db, table, "r1", null), table + ": the deleted realm");
                assertTrue(rows(db, table, "r2", null) > 0, table + ": the other realm");
            }
        }
    }

    private static long rows(TestDatabase db, AnalyticsTable table, String realmId, String userId) throws SQLException {
        String sql = "SELECT COUNT(*) FROM " + table.tableName() + " WHERE REALM_ID = ?";
        return userId == null ? db.count(sql, realmId) : db.count(sql + " AND USER_ID = ?", realmId, userId);
    }

    private static Set<String> columns(DatabaseMetaData meta, Connection c, String table) throws SQLException {
        Set<String> columns = new TreeSet<>();
        for (String spelled : spellings(table)) {
            try (ResultSet rs = meta.getColumns(c.getCatalog(), c.getSchema(), spelled, "%")) {
                while (rs.next()) {
                    columns.add(rs.getString("COLUMN_NAME").toUpperCase(Locale.ROOT));
                }
            }
        }
        return columns;
    }

    private static List<String> primaryKey(DatabaseMetaData meta, Connection c, String table) throws SQLException {
        TreeMap<Short, String> bySequence = new TreeMap<>();
        for (String spelled : spellings(table)) {
            try (ResultSet rs = meta.getPrimaryKeys(c.getCatalog(), c.getSchema(), spelled)) {
                while (rs.next()) {
                    bySequence.put(rs.getShort("KEY_SEQ"), rs.getString("COLUMN_NAME").toUpperCase(Locale.ROOT));
                }
            }
        }
        return new ArrayList<>(bySequence.values());
    }

    /** PostgreSQL folds unquoted names to lower case; H2 and MariaDB keep them as written. */
    private static List<String> spellings(String table) {
        return List.of(table, table.toLowerCase(Locale.ROOT));
    }
}
