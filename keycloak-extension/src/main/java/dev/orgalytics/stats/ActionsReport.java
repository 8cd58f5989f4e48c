package dev.orgalytics.stats;

import java.io.IOException;
import java.sql.SQLException;
import java.util.List;

/** The user actions report: the raw actions of the range, newest first, with their user's names. */
public final class ActionsReport {

    private ActionsReport() {
    }

    /** Filters of the actions report; null fields do not filter. {@code organizationId}: actions attributed to it. */
    public record Filter(String userId, String clientId, String action, String targetType, String targetId,
                         String organizationId) {
    }

    public record Entry(String id, long occurredAt, String action, String userId, String username, String email,
                        String firstName, String lastName, String clientId, String page, String targetType,
                        String targetId, String targetName, String properties) {
    }

    public static final List<Column<Entry>> COLUMNS = List.of(
            Column.text("id", Entry::id),
            Column.time("occurredAt", Entry::occurredAt),
            Column.text("action", Entry::action),
            Column.text("userId", Entry::userId),
            Column.text("username", Entry::username),
            Column.optionalText("email", Entry::email),
            Column.optionalText("firstName", Entry::firstName),
            Column.optionalText("lastName", Entry::lastName),
            // The action endpoint always stores the token's client (azp).
            Column.text("clientId", Entry::clientId),
            Column.optionalText("page", Entry::page),
            Column.optionalObject("target",
                    Column.optionalText("type", Entry::targetType),
                    Column.optionalText("id", Entry::targetId),
                    Column.optionalText("name", Entry::targetName)),
            Column.optionalJsonText("properties", Entry::properties));

    public static long count(Jdbc db, UserFilter users, ReportRange range, Filter f) throws SQLException {
        return db.count(Sql.of("SELECT COUNT(*) FROM OA_ACTION x").plus(where(users, range, f)));
    }

    /** A page of the actions, newest first; {@code max} null streams every row. */
    public static void list(Jdbc db, UserFilter users, ReportRange range, Filter f, int first, Integer max,
                            Jdbc.RowSink<Entry> sink) throws SQLException, IOException {
        Sql sql = Sql.of("SELECT x.ID, x.OCCURRED_AT, x.ACTION, x.USER_ID, u.USERNAME, u.EMAIL, u.FIRST_NAME, u.LAST_NAME,"
                + " x.CLIENT_ID, x.PAGE, x.TARGET_TYPE, x.TARGET_ID, x.TARGET_NAME, x.PROPERTIES"
                + " FROM OA_ACTION x LEFT JOIN USER_ENTITY u ON u.ID = x.USER_ID").plus(where(users, range, f))
                .plus(" ORDER BY x.OCCURRED_AT DESC, x.ID DESC").page(first, max);
        db.stream(sql, rs -> new Entry(rs.getString(1), rs.getLong(2), rs.getString(3), rs.getString(4),
                rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9),
                rs.getString(10), rs.getString(11), rs.getString(12), rs.getString(13), rs.getString(14)), sink);
    }

    private static Sql where(UserFilter users, ReportRange range, Filter f) {
        return Sql.of(" WHERE x.REALM_ID = ? AND x.OCCURRED_AT >= ? AND x.OCCURRED_AT < ?",
                        users.realmId(), range.start().toEpochMilli(), range.end().toEpochMilli())
                .plus(Sql.andEqual("x.USER_ID", f.userId())).plus(Sql.andEqual("x.CLIENT_ID", f.clientId()))
                .plus(Sql.andEqual("x.ACTION", f.action())).plus(Sql.andEqual("x.TARGET_TYPE", f.targetType()))
                .plus(Sql.andEqual("x.TARGET_ID", f.targetId())).plus(users.memberCondition("x.USER_ID"))
                .plus(Attribution.ACTIONS.condition("x.ID", users.realmId(), f.organizationId(), range));
    }
}
