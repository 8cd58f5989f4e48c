package dev.orgalytics.stats;

import java.io.IOException;
import java.sql.SQLException;
import java.util.List;
import java.util.stream.Stream;

/**
 * Stalled users (insights): users who did one action at least {@code min} times in the range but
 * another one never, most active first: who browses but never applies.
 */
public final class StalledReport {

    private StalledReport() {
    }

    public record StalledUser(Person person, long didCount, Long lastActiveAt) {
    }

    public static final List<Column<StalledUser>> COLUMNS = Stream.concat(Person.columnsOf(StalledUser::person).stream(),
            Stream.of(Column.integer("didCount", StalledUser::didCount),
                    Column.optionalTime("lastActiveAt", StalledUser::lastActiveAt))).toList();

    /** A page of the users who did {@code did} at least {@code min} times but {@code without} never; {@code max} null streams all. */
    public static void list(Jdbc db, UserFilter users, ReportRange range, String did, String without, long min, int first,
                            Integer max, Jdbc.RowSink<StalledUser> sink) throws SQLException, IOException {
        long start = range.start().toEpochMilli(), end = range.end().toEpochMilli();
        Sql sql = Sql.of("SELECT d.USER_ID, u.USERNAME, u.EMAIL, u.FIRST_NAME, u.LAST_NAME, d.CNT, t.LAST_ACTIVE_AT FROM"
                + " (SELECT c.USER_ID, SUM(c.ACTION_COUNT) AS CNT FROM (")
                .plus(RollupRows.userActionCount(RollupPlan.forSums(start, end), users.realmId(), did))
                .plus(") c GROUP BY c.USER_ID) d JOIN USER_ENTITY u ON u.ID = d.USER_ID"
                + " LEFT JOIN OA_USER_TOTALS t ON t.REALM_ID = u.REALM_ID AND t.USER_ID = d.USER_ID")
                .plus(Sql.of(" WHERE d.CNT >= ?", min))
                // "Never" is exact: distinct users cannot come from a month less its outside part.
                .plus(" AND d.USER_ID NOT IN (SELECT w.USER_ID FROM (")
                .plus(RollupRows.userActionCount(RollupPlan.exact(start, end), users.realmId(), without))
                .plus(") w WHERE w.ACTION_COUNT > 0) AND ").plus(users.userCondition())
                .plus(" ORDER BY d.CNT DESC, u.USERNAME ASC").page(first, max);
        db.stream(sql, rs -> new StalledUser(Person.read(rs, 1), rs.getLong(6), Jdbc.nullableLong(rs, 7)), sink);
    }
}
