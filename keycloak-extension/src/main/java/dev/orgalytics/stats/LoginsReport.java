package dev.orgalytics.stats;

import java.io.IOException;
import java.sql.SQLException;
import java.util.List;

/** The logins report: successful and failed logins of the range, newest first. */
public final class LoginsReport {

    private LoginsReport() {
    }

    /**
     * Filters of the logins report; {@code success} null means both outcomes. {@code organizationId}:
     * logins attributed to it (a failed login Keycloak could not attribute to a user is in none).
     */
    public record Filter(String userId, String clientId, Boolean success, String organizationId) {
    }

    /** {@code userId} and {@code username} are null for a failed login Keycloak could not attribute to a user. */
    public record Entry(long time, String userId, String username, String clientId, boolean success, String error,
                        String ipAddress) {
    }

    /** Keycloak's event may lack the client and the address too (a login refused before either was known). */
    public static final List<Column<Entry>> COLUMNS = List.of(
            Column.time("time", Entry::time),
            Column.optionalText("userId", Entry::userId),
            Column.optionalText("username", Entry::username),
            Column.optionalText("clientId", Entry::clientId),
            Column.text("outcome", e -> e.success() ? "success" : "failure"),
            Column.optionalText("error", Entry::error),
            Column.optionalText("ipAddress", Entry::ipAddress));

    public static long count(Jdbc db, UserFilter users, ReportRange range, Filter f) throws SQLException {
        return db.count(Sql.of("SELECT COUNT(*) FROM OA_LOGIN_EVENT x").plus(where(users, range, f)));
    }

    /** A page of the logins, newest first; {@code max} null streams every row. */
    public static void list(Jdbc db, UserFilter users, ReportRange range, Filter f, int first, Integer max,
                            Jdbc.RowSink<Entry> sink) throws SQLException, IOException {
        Sql sql = Sql.of("SELECT x.EVENT_TIME, x.USER_ID, u.USERNAME, x.CLIENT_ID, x.SUCCESS, x.ERROR, x.IP_ADDRESS"
                + " FROM OA_LOGIN_EVENT x LEFT JOIN USER_ENTITY u ON u.ID = x.USER_ID").plus(where(users, range, f))
                .plus(" ORDER BY x.EVENT_TIME DESC, x.ID DESC").page(first, max);
        db.stream(sql, rs -> new Entry(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                rs.getBoolean(5), rs.getString(6), rs.getString(7)), sink);
    }

    /** Registrations and logouts are stored too; this report lists logins only. */
    static Sql where(UserFilter users, ReportRange range, Filter f) {
        return Sql.of(" WHERE x.REALM_ID = ? AND x.EVENT_TIME >= ? AND x.EVENT_TIME < ?"
                        + " AND x.EVENT_TYPE IN ('LOGIN', 'LOGIN_ERROR')", users.realmId(), range.start().toEpochMilli(),
                        range.end().toEpochMilli())
                .plus(Sql.andEqual("x.USER_ID", f.userId())).plus(Sql.andEqual("x.CLIENT_ID", f.clientId()))
                .plus(Sql.andEqual("x.SUCCESS", f.success())).plus(users.memberCondition("x.USER_ID"))
                .plus(Attribution.LOGINS.condition("x.ID", users.realmId(), f.organizationId(), range));
    }
}
