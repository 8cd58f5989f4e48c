package dev.orgalytics.stats;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The leaderboard of organizations ({@code leaderboard?by=organization}): organizations ranked by
 * the actions, successful logins or one action's count attributed to them in the range; ties share
 * a rank (1, 2, 2, 4). Read from the organizations' roll-ups, like {@link OrganizationsReport}.
 */
public final class OrganizationLeaderboard {

    private OrganizationLeaderboard() {
    }

    public record Entry(int rank, String id, String alias, String name, long score) {
    }

    public static final List<Column<Entry>> COLUMNS = List.of(
            Column.integer("rank", Entry::rank),
            Column.text("id", Entry::id),
            Column.text("alias", Entry::alias),
            Column.text("name", Entry::name),
            Column.integer("score", Entry::score));

    /**
     * Top organizations of {@code scope} by {@code metric} ("actions", "logins" or an action name) in
     * the range; score 0 is left out. Ranks are among the scope's organizations.
     */
    public static List<Entry> run(Jdbc db, String realmId, OrganizationScope scope, ReportRange range, String metric, int limit)
            throws SQLException {
        List<RollupPlan.Piece> plan = RollupPlan.forSums(range.start().toEpochMilli(), range.end().toEpochMilli());
        Sql scores = switch (metric) {
            case "actions" -> Sql.of("SELECT r.ORG_ID, SUM(r.ACTIONS) AS SCORE FROM (")
                    .plus(RollupRows.organizationActivity(plan, realmId, Sql.EMPTY));
            case "logins" -> Sql.of("SELECT r.ORG_ID, SUM(r.LOGINS) AS SCORE FROM (")
                    .plus(RollupRows.organizationActivity(plan, realmId, Sql.EMPTY));
            default -> Sql.of("SELECT r.ORG_ID, SUM(r.ACTION_COUNT) AS SCORE FROM (")
                    .plus(RollupRows.organizationActionCount(plan, realmId, metric));
        };
        Sql sql = Sql.of("SELECT o.ID, o.ALIAS, o.NAME, s.SCORE FROM (").plus(scores).plus(") r GROUP BY r.ORG_ID")
                .plus(Sql.of(") s JOIN ORG o ON o.ID = s.ORG_ID WHERE o.REALM_ID = ? AND s.SCORE > 0", realmId))
                .plus(scope.and("o.ID")).plus(" ORDER BY s.SCORE DESC, o.NAME ASC, o.ID ASC").page(0, limit);
        List<Entry> scored = db.list(sql, rs -> new Entry(0, rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4)));
        List<Integer> ranks = Ranking.ranks(scored, Entry::score);
        List<Entry> out = new ArrayList<>(scored.size());
        for (int i = 0; i < scored.size(); i++) {
            Entry e = scored.get(i);
            out.add(new Entry(ranks.get(i), e.id(), e.alias(), e.name(), e.score()));
        }
        return out;
    }
}
