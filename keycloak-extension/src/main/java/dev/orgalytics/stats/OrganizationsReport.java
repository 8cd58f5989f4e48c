package dev.orgalytics.stats;

import java.io.IOException;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The organizations report: one row per Keycloak organization of the realm (Keycloak's {@code ORG}
 * table, so organizations without activity too), with its current member count and the range's
 * activity attributed to it when it happened, read from the organizations' roll-ups
 * ({@code OA_ORG_USER_ACTIVITY*}): every column from the range's exact pieces (whole UTC months,
 * days, and quarter hours only at the edges), in one pass. One organization's
 * detail adds its actions per name and a daily series.
 */
public final class OrganizationsReport {

    private OrganizationsReport() {
    }

    /**
     * @param members       members now (Keycloak's membership of the organization's group)
     * @param activeMembers distinct users active (a login, an action or session use) attributed to the
     *                      organization in the range (members at that time, maybe not now)
     * @param newMembers    members now who joined in the range ({@code OA_ORG_MEMBER}: joins since
     *                      this version was installed)
     */
    public record OrganizationRow(String id, String alias, String name, long members, long activeMembers, long logins,
                                  long failedLogins, long actions, Long lastActivityAt, long newMembers) {
    }

    public static final List<Column<OrganizationRow>> COLUMNS = List.of(
            Column.text("id", OrganizationRow::id),
            Column.text("alias", OrganizationRow::alias),
            Column.text("name", OrganizationRow::name),
            Column.integer("members", OrganizationRow::members),
            Column.integer("activeMembers", OrganizationRow::activeMembers),
            Column.integer("logins", OrganizationRow::logins),
            Column.integer("failedLogins", OrganizationRow::failedLogins),
            Column.integer("actions", OrganizationRow::actions),
            Column.optionalTime("lastActivityAt", OrganizationRow::lastActivityAt),
            Column.integer("newMembers", OrganizationRow::newMembers));

    /** Sortable columns and their SQL over the report's select. */
    public enum OrganizationSort {
        ID("o.ID"), ALIAS("o.ALIAS"), NAME("o.NAME"), MEMBERS("MEMBERS"), ACTIVEMEMBERS("COALESCE(v.ACTIVE, 0)"),
        LOGINS("COALESCE(v.LOGINS, 0)"), FAILEDLOGINS("COALESCE(v.FAILED, 0)"), ACTIONS("COALESCE(v.ACTIONS, 0)"),
        // Never = -1, as for the users' last login: ascending puts the idle organizations first.
        LASTACTIVITYAT(LAST_ACTIVITY), NEWMEMBERS("COALESCE(n.JOINED, 0)");

        final String sql;

        OrganizationSort(String sql) {
            this.sql = sql;
        }
    }

    private static final String LAST_ACTIVITY = "COALESCE(v.LAST_ACTIVE, -1)";

    /** The number of the realm's organizations in {@code scope} matching {@code search}. */
    public static long count(Jdbc db, String realmId, OrganizationScope scope, String search) throws SQLException {
        return db.count(Sql.of("SELECT COUNT(*) FROM ORG o").plus(where(realmId, scope, search)));
    }

    /**
     * A page of the report: the realm's organizations in {@code scope}, sorted by {@code sort} then
     * name; {@code max} null streams every row (exports).
     */
    public static void list(Jdbc db, String realmId, ReportRange range, OrganizationScope scope, String search,
                            OrganizationSort sort, boolean descending, int first, Integer max, Jdbc.RowSink<OrganizationRow> sink)
            throws SQLException, IOException {
        list(db, realmId, range, where(realmId, scope, search), Sql.EMPTY, sort, descending, first, max, sink);
    }

    /** One organization's row with the range's actions per name and its daily series (every day, users' {@link UsersReport.Day}). */
    public record Detail(OrganizationRow organization, Map<String, Long> actionsByType, List<UsersReport.Day> daily) {
    }

    /** The detail of an organization of the realm (which must be in {@code ORG}: the caller looked it up). */
    public static Detail detail(Jdbc db, String realmId, String organizationId, ReportRange range) throws SQLException, IOException {
        List<OrganizationRow> row = new ArrayList<>(1);
        list(db, realmId, range, Sql.of(" WHERE o.REALM_ID = ? AND o.ID = ?", realmId, organizationId),
                Sql.of(" AND ORG_ID = ?", organizationId), OrganizationSort.NAME, false, 0, 1, row::add);
        if (row.isEmpty()) {
            throw new IllegalStateException("organization " + organizationId + " of realm " + realmId + " is not in ORG");
        }
        Map<String, Long> byName = SummaryReport.actionsByType(db, new UserFilter(realmId, null, null, null, null, organizationId),
                range.start(), range.end());
        return new Detail(row.get(0), byName, days(db, realmId, organizationId, range));
    }

    /**
     * Every day of the range with the organization's logins, failed logins and actions, from its
     * quarter hours summed over its users (every zone's offset is a multiple of 15 minutes, so a
     * quarter hour lies within one local day), at most 96 rows a day, cut into days here.
     */
    private static List<UsersReport.Day> days(Jdbc db, String realmId, String organizationId, ReportRange range) throws SQLException {
        Map<LocalDate, long[]> days = new TreeMap<>();
        for (LocalDate d = range.fromDate(); !d.isAfter(range.toDate()); d = d.plusDays(1)) {
            days.put(d, new long[3]);
        }
        db.forEach(Sql.of("SELECT a.BUCKET_START, SUM(a.LOGINS), SUM(a.FAILED_LOGINS), SUM(a.ACTIONS) FROM OA_ORG_USER_ACTIVITY a"
                + " WHERE a.REALM_ID = ? AND a.ORG_ID = ? AND a.BUCKET_START >= ? AND a.BUCKET_START < ? GROUP BY a.BUCKET_START",
                realmId, organizationId, range.start().toEpochMilli(), range.end().toEpochMilli()), rs -> addTo(days, range, rs));
        List<UsersReport.Day> out = new ArrayList<>(days.size());
        days.forEach((date, v) -> out.add(new UsersReport.Day(date, v[0], v[1], v[2])));
        return out;
    }

    private static void addTo(Map<LocalDate, long[]> days, ReportRange range, java.sql.ResultSet rs) throws SQLException {
        long[] d = days.get(LocalDate.ofInstant(Instant.ofEpochMilli(rs.getLong(1)), range.zone()));
        if (d != null) {
            d[0] += rs.getLong(2);
            d[1] += rs.getLong(3);
            d[2] += rs.getLong(4);
        }
    }

    private static void list(Jdbc db, String realmId, ReportRange range, Sql where, Sql orgCondition, OrganizationSort sort,
                             boolean descending, int first, Integer max, Jdbc.RowSink<OrganizationRow> sink)
            throws SQLException, IOException {
        long start = range.start().toEpochMilli();
        long end = range.end().toEpochMilli();
        // One pass over the range's exact pieces answers every column: distinct members and a latest
        // time cannot be subtracted, so they need these rows anyway, and summing the same rows is
        // cheaper than reading the month rows less their outside part a second time (two thirds of the
        // time with 5,000 organizations, docs/benchmarks.md). Per member first, then per organization:
        // two hash aggregates instead of the sort COUNT(DISTINCT) needs.
        Sql perMember = Sql.of("SELECT r.ORG_ID, r.USER_ID, SUM(r.LOGINS) AS LOGINS, SUM(r.FAILED_LOGINS) AS FAILED,"
                        + " SUM(r.ACTIONS) AS ACTIONS, SUM(r.SESSION_ACTIVITY) AS SESSION_ACTIVITY,"
                        + " MAX(r.LAST_ACTIVE_AT) AS LAST_ACTIVE FROM (")
                .plus(RollupRows.organizationActivity(RollupPlan.exact(start, end), realmId, orgCondition))
                .plus(") r GROUP BY r.ORG_ID, r.USER_ID");
        Sql activity = Sql.of("SELECT u.ORG_ID, SUM(u.LOGINS) AS LOGINS, SUM(u.FAILED) AS FAILED, SUM(u.ACTIONS) AS ACTIONS,"
                + " SUM(CASE WHEN " + RollupRows.active("u") + " THEN 1 ELSE 0 END) AS ACTIVE, MAX(u.LAST_ACTIVE) AS LAST_ACTIVE"
                + " FROM (").plus(perMember).plus(") u GROUP BY u.ORG_ID");
        Sql sql = Sql.of("SELECT o.ID, o.ALIAS, o.NAME, (SELECT COUNT(*) FROM USER_GROUP_MEMBERSHIP m"
                        + " WHERE m.GROUP_ID = o.GROUP_ID) AS MEMBERS, v.ACTIVE, v.LOGINS, v.FAILED, v.ACTIONS, "
                        + LAST_ACTIVITY + " AS LAST_ACTIVITY, n.JOINED FROM ORG o LEFT JOIN (")
                .plus(activity).plus(") v ON v.ORG_ID = o.ID LEFT JOIN (")
                .plus(Sql.of("SELECT ORG_ID, COUNT(*) AS JOINED FROM OA_ORG_MEMBER WHERE REALM_ID = ? AND JOINED_AT >= ?"
                        + " AND JOINED_AT < ?", realmId, start, end)).plus(orgCondition).plus(" GROUP BY ORG_ID) n ON n.ORG_ID = o.ID")
                .plus(where)
                .plus(" ORDER BY " + sort.sql + (descending ? " DESC" : " ASC") + ", o.NAME ASC, o.ID ASC")
                .page(first, max);
        db.stream(sql, rs -> {
            long last = rs.getLong(9);
            return new OrganizationRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4), rs.getLong(5),
                    rs.getLong(6), rs.getLong(7), rs.getLong(8), last < 0 ? null : last, rs.getLong(10));
        }, sink);
    }

    private static Sql where(String realmId, OrganizationScope scope, String search) {
        Sql sql = Sql.of(" WHERE o.REALM_ID = ?", realmId).plus(scope.and("o.ID"));
        if (search == null || search.isBlank()) {
            return sql;
        }
        String like = "%" + UserFilter.escapeLike(search.trim().toLowerCase(Locale.ROOT)) + "%";
        return sql.plus(Sql.of(" AND (LOWER(o.NAME) LIKE ? ESCAPE '!' OR LOWER(o.ALIAS) LIKE ? ESCAPE '!')", like, like));
    }

}
