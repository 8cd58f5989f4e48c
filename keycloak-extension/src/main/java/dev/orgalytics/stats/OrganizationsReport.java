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
 * activity attributed to it when it happened ({@code OA_LOGIN_EVENT_ORG}, {@code OA_ACTION_ORG}).
 * The activity is read from those raw attribution rows, so it reaches back as far as
 * {@code raw-retention-days}; roll-ups per organization are a later step. One organization's detail
 * adds its actions per name and a daily series.
 */
public final class OrganizationsReport {

    private OrganizationsReport() {
    }

    /**
     * @param members       members now (Keycloak's membership of the organization's group)
     * @param activeMembers distinct users with a successful login or an action attributed to the
     *                      organization in the range (members at that time, maybe not now)
     */
    public record OrganizationRow(String id, String alias, String name, long members, long activeMembers, long logins,
                                  long failedLogins, long actions, Long lastActivityAt) {
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
            Column.optionalTime("lastActivityAt", OrganizationRow::lastActivityAt));

    /** Sortable columns and their SQL over the report's select. */
    public enum OrganizationSort {
        ID("o.ID"), ALIAS("o.ALIAS"), NAME("o.NAME"), MEMBERS("MEMBERS"), ACTIVEMEMBERS("COALESCE(v.ACTIVE, 0)"),
        LOGINS("COALESCE(l.LOGINS, 0)"), FAILEDLOGINS("COALESCE(l.FAILED, 0)"), ACTIONS("COALESCE(a.ACTIONS, 0)"),
        // Never = -1, as for the users' last login: ascending puts the idle organizations first.
        LASTACTIVITYAT(LAST_ACTIVITY);

        final String sql;

        OrganizationSort(String sql) {
            this.sql = sql;
        }
    }

    private static final String LAST_ACTIVITY = "CASE WHEN COALESCE(l.LAST_LOGIN, -1) > COALESCE(a.LAST_ACTION, -1)"
            + " THEN COALESCE(l.LAST_LOGIN, -1) ELSE COALESCE(a.LAST_ACTION, -1) END";

    public static long count(Jdbc db, String realmId, String search) throws SQLException {
        return db.count(Sql.of("SELECT COUNT(*) FROM ORG o").plus(where(realmId, search)));
    }

    /** A page of the report, sorted by {@code sort} then name; {@code max} null streams every row (exports). */
    public static void list(Jdbc db, String realmId, ReportRange range, String search, OrganizationSort sort,
                            boolean descending, int first, Integer max, Jdbc.RowSink<OrganizationRow> sink)
            throws SQLException, IOException {
        list(db, realmId, range, where(realmId, search), sort, descending, first, max, sink);
    }

    /** One organization's row with the range's actions per name and its daily series (every day, users' {@link UsersReport.Day}). */
    public record Detail(OrganizationRow organization, Map<String, Long> actionsByType, List<UsersReport.Day> daily) {
    }

    /** The detail of an organization of the realm (which must be in {@code ORG}: the caller looked it up). */
    public static Detail detail(Jdbc db, String realmId, String organizationId, ReportRange range) throws SQLException, IOException {
        List<OrganizationRow> row = new ArrayList<>(1);
        list(db, realmId, range, Sql.of(" WHERE o.REALM_ID = ? AND o.ID = ?", realmId, organizationId), OrganizationSort.NAME,
                false, 0, 1, row::add);
        if (row.isEmpty()) {
            throw new IllegalStateException("organization " + organizationId + " of realm " + realmId + " is not in ORG");
        }
        Map<String, Long> byName = new TreeMap<>();
        db.forEach(Sql.of("SELECT x.ACTION, COUNT(*) FROM OA_ACTION_ORG ao JOIN OA_ACTION x ON x.ID = ao.ACTION_ID")
                        .plus(inRange("ao", "OCCURRED_AT", realmId, range)).plus(Sql.of(" AND ao.ORG_ID = ? GROUP BY x.ACTION", organizationId)),
                rs -> byName.put(rs.getString(1), rs.getLong(2)));
        return new Detail(row.get(0), byName, days(db, realmId, organizationId, range));
    }

    /**
     * Every day of the range with the organization's logins, failed logins and actions. The raw rows
     * are summed per quarter hour in the database (every zone's offset is a multiple of 15 minutes,
     * so a quarter hour lies within one local day), at most 96 rows a day, and cut into days here.
     */
    private static List<UsersReport.Day> days(Jdbc db, String realmId, String organizationId, ReportRange range) throws SQLException {
        Map<LocalDate, long[]> days = new TreeMap<>();
        for (LocalDate d = range.fromDate(); !d.isAfter(range.toDate()); d = d.plusDays(1)) {
            days.put(d, new long[3]);
        }
        String loginBucket = "lo.EVENT_TIME - MOD(lo.EVENT_TIME, 900000)";
        db.forEach(Sql.of("SELECT " + loginBucket + ", SUM(CASE WHEN e.SUCCESS = TRUE THEN 1 ELSE 0 END),"
                        + " SUM(CASE WHEN e.SUCCESS = TRUE THEN 0 ELSE 1 END), 0"
                        + " FROM OA_LOGIN_EVENT_ORG lo JOIN OA_LOGIN_EVENT e ON e.ID = lo.EVENT_ID")
                .plus(inRange("lo", "EVENT_TIME", realmId, range)).plus(Sql.of(" AND lo.ORG_ID = ?"
                        + " AND e.EVENT_TYPE IN ('LOGIN', 'LOGIN_ERROR') GROUP BY " + loginBucket, organizationId)), rs -> addTo(days, range, rs));
        String actionBucket = "ao.OCCURRED_AT - MOD(ao.OCCURRED_AT, 900000)";
        db.forEach(Sql.of("SELECT " + actionBucket + ", 0, 0, COUNT(*) FROM OA_ACTION_ORG ao")
                .plus(inRange("ao", "OCCURRED_AT", realmId, range))
                .plus(Sql.of(" AND ao.ORG_ID = ? GROUP BY " + actionBucket, organizationId)), rs -> addTo(days, range, rs));
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

    private static void list(Jdbc db, String realmId, ReportRange range, Sql where, OrganizationSort sort,
                             boolean descending, int first, Integer max, Jdbc.RowSink<OrganizationRow> sink)
            throws SQLException, IOException {
        Sql sql = Sql.of("SELECT o.ID, o.ALIAS, o.NAME, (SELECT COUNT(*) FROM USER_GROUP_MEMBERSHIP m"
                        + " WHERE m.GROUP_ID = o.GROUP_ID) AS MEMBERS, v.ACTIVE, l.LOGINS, l.FAILED, a.ACTIONS, "
                        + LAST_ACTIVITY + " AS LAST_ACTIVITY FROM ORG o LEFT JOIN (")
                .plus(logins(realmId, range)).plus(") l ON l.ORG_ID = o.ID LEFT JOIN (")
                .plus(actions(realmId, range)).plus(") a ON a.ORG_ID = o.ID LEFT JOIN (")
                .plus(activeMembers(realmId, range)).plus(") v ON v.ORG_ID = o.ID")
                .plus(where)
                .plus(" ORDER BY " + sort.sql + (descending ? " DESC" : " ASC") + ", o.NAME ASC, o.ID ASC")
                .page(first, max);
        db.stream(sql, rs -> {
            long last = rs.getLong(9);
            return new OrganizationRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4), rs.getLong(5),
                    rs.getLong(6), rs.getLong(7), rs.getLong(8), last < 0 ? null : last);
        }, sink);
    }

    private static Sql where(String realmId, String search) {
        Sql sql = Sql.of(" WHERE o.REALM_ID = ?", realmId);
        if (search == null || search.isBlank()) {
            return sql;
        }
        String like = "%" + UserFilter.escapeLike(search.trim().toLowerCase(Locale.ROOT)) + "%";
        return sql.plus(Sql.of(" AND (LOWER(o.NAME) LIKE ? ESCAPE '!' OR LOWER(o.ALIAS) LIKE ? ESCAPE '!')", like, like));
    }

    /** Per organization: logins, failed logins and the latest successful login of the range. */
    private static Sql logins(String realmId, ReportRange range) {
        return Sql.of("SELECT lo.ORG_ID, SUM(CASE WHEN e.SUCCESS = TRUE THEN 1 ELSE 0 END) AS LOGINS,"
                + " SUM(CASE WHEN e.SUCCESS = TRUE THEN 0 ELSE 1 END) AS FAILED,"
                + " MAX(CASE WHEN e.SUCCESS = TRUE THEN lo.EVENT_TIME END) AS LAST_LOGIN"
                + " FROM OA_LOGIN_EVENT_ORG lo JOIN OA_LOGIN_EVENT e ON e.ID = lo.EVENT_ID").plus(inRange("lo", "EVENT_TIME", realmId, range))
                .plus(" AND e.EVENT_TYPE IN ('LOGIN', 'LOGIN_ERROR') GROUP BY lo.ORG_ID");
    }

    private static Sql actions(String realmId, ReportRange range) {
        return Sql.of("SELECT ao.ORG_ID, COUNT(*) AS ACTIONS, MAX(ao.OCCURRED_AT) AS LAST_ACTION FROM OA_ACTION_ORG ao")
                .plus(inRange("ao", "OCCURRED_AT", realmId, range)).plus(" GROUP BY ao.ORG_ID");
    }

    /** Distinct users with a successful login or an action attributed to the organization in the range. */
    private static Sql activeMembers(String realmId, ReportRange range) {
        return Sql.of("SELECT z.ORG_ID, COUNT(DISTINCT z.USER_ID) AS ACTIVE FROM (SELECT lo.ORG_ID, lo.USER_ID"
                        + " FROM OA_LOGIN_EVENT_ORG lo JOIN OA_LOGIN_EVENT e ON e.ID = lo.EVENT_ID")
                .plus(inRange("lo", "EVENT_TIME", realmId, range)).plus(" AND e.EVENT_TYPE = 'LOGIN'"
                        + " UNION SELECT ao.ORG_ID, ao.USER_ID FROM OA_ACTION_ORG ao")
                .plus(inRange("ao", "OCCURRED_AT", realmId, range)).plus(") z GROUP BY z.ORG_ID");
    }

    /** {@code " WHERE <alias>.REALM_ID = ? AND <alias>.<time> in the range"}: an attribution table's rows of the realm and range. */
    static Sql inRange(String alias, String timeColumn, String realmId, ReportRange range) {
        return Sql.of(" WHERE " + alias + ".REALM_ID = ? AND " + alias + "." + timeColumn + " >= ? AND " + alias + "."
                + timeColumn + " < ?", realmId, range.start().toEpochMilli(), range.end().toEpochMilli());
    }
}
