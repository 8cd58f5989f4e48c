package dev.orgalytics.stats;

import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import dev.orgalytics.store.Grain;

/** The leaderboard: top users by actions, logins or one action's count; ties share a rank (1, 2, 2, 4). */
public final class LeaderboardReport {

    private LeaderboardReport() {
    }

    public record Entry(int rank, String userId, String username, String firstName, String lastName, String email,
                        long score) {
    }

    public static final List<Column<Entry>> COLUMNS = List.of(
            Column.integer("rank", Entry::rank),
            Column.text("userId", Entry::userId),
            Column.text("username", Entry::username),
            Column.optionalText("firstName", Entry::firstName),
            Column.optionalText("lastName", Entry::lastName),
            Column.optionalText("email", Entry::email),
            Column.integer("score", Entry::score));

    /** What a reader of totals only sees: no id, name or email to join with other data. */
    public static final List<Column<Entry>> TOTALS_ONLY_COLUMNS = Column.only(COLUMNS, "rank", "username", "score");

    /** Top users by {@code metric} ("actions", "logins" or an action name) in {@code [start, end)}; score 0 is left out. */
    public static List<Entry> run(Jdbc db, UserFilter users, Instant start, Instant end, String metric, int limit)
            throws SQLException {
        List<RollupPlan.Piece> plan = RollupPlan.forSums(start.toEpochMilli(), end.toEpochMilli());
        boolean byAction = !metric.equals("actions") && !metric.equals("logins");
        Sql sql;
        if (plan.size() == 1 && plan.get(0).grain() == Grain.MONTH && plan.get(0).sign() == 1
                && Grain.MONTH.nextBucket(plan.get(0).from()) == plan.get(0).to()) {
            // One calendar month (UTC): the month rows hold the scores, and an index on (realm, month,
            // score) yields them best first, so the top N is read without summing anything.
            String table = byAction ? Grain.MONTH.actionCountTable() : Grain.MONTH.activityTable();
            String score = byAction ? "ACTION_COUNT" : metric.equals("actions") ? "ACTIONS" : "LOGINS";
            sql = Sql.of("SELECT s.USER_ID, s." + score + " AS SCORE, u.USERNAME, u.FIRST_NAME, u.LAST_NAME, u.EMAIL FROM " + table + " s"
                    + " JOIN USER_ENTITY u ON u.ID = s.USER_ID WHERE s.REALM_ID = ? AND s.BUCKET_START = ?", users.realmId(), plan.get(0).from())
                    .plus(byAction ? Sql.of(" AND s.ACTION = ?", metric) : Sql.EMPTY)
                    .plus(" AND s." + score + " > 0 AND ").plus(users.userCondition())
                    .plus(" ORDER BY s." + score + " DESC, u.USERNAME ASC");
        } else {
            Sql scores = byAction
                    ? Sql.of("SELECT c.USER_ID, SUM(c.ACTION_COUNT) AS SCORE FROM (")
                            .plus(RollupRows.userActionCount(plan, users.realmId(), metric)).plus(") c GROUP BY c.USER_ID")
                    : Sql.of("SELECT a.USER_ID, SUM(a." + (metric.equals("actions") ? "ACTIONS" : "LOGINS") + ") AS SCORE FROM (")
                            .plus(RollupRows.userActivity(plan, users.realmId(), Sql.EMPTY)).plus(") a GROUP BY a.USER_ID");
            sql = Sql.of("SELECT s.USER_ID, s.SCORE, u.USERNAME, u.FIRST_NAME, u.LAST_NAME, u.EMAIL FROM (").plus(scores)
                    .plus(") s JOIN USER_ENTITY u ON u.ID = s.USER_ID WHERE s.SCORE > 0 AND ").plus(users.userCondition())
                    .plus(" ORDER BY s.SCORE DESC, u.USERNAME ASC");
        }
        // Unranked yet: rank 0 until the whole list is known.
        List<Entry> scored = db.list(sql.page(0, limit), rs -> new Entry(0, rs.getString(1), rs.getString(3),
                rs.getString(4), rs.getString(5), rs.getString(6), rs.getLong(2)));
        List<Integer> ranks = Ranking.ranks(scored, Entry::score);
        List<Entry> out = new ArrayList<>(scored.size());
        for (int i = 0; i < scored.size(); i++) {
            Entry e = scored.get(i);
            out.add(new Entry(ranks.get(i), e.userId(), e.username(), e.firstName(), e.lastName(), e.email(), e.score()));
        }
        return out;
    }
}
