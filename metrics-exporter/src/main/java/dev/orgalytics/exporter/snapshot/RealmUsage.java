package dev.orgalytics.exporter.snapshot;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What the exporter knows about one realm after a refresh: read from the admin API's
 * {@code summary} (one per "so far" period), {@code leaderboard} (one per leaderboard period) and
 * {@code organizations} (null when the exporter exports no organizations).
 */
public record RealmUsage(String realm, long users, long enabledUsers, Map<String, Long> activeUsersByWindow,
                         Map<String, PeriodCounts> periods, Map<String, List<Leader>> leaderboards,
                         OrganizationUsage organizations) {

    /** Counts of one "so far" period. */
    public record PeriodCounts(long newUsers, long logins, long failedLogins, Map<String, Long> actionsByName) {
    }

    /** One leaderboard entry; ties share a rank. */
    public record Leader(int rank, String username, long score) {
    }

    /**
     * Builds the realm's usage from the API answers. DAU/WAU/MAU come from this month's summary,
     * whose range ends today: the API counts them over the 1/7/30 days ending at {@code to}.
     */
    public static RealmUsage fromApi(String realm, Map<String, JsonNode> summaryByPeriod, Map<String, JsonNode> leaderboardByPeriod,
                                     OrganizationUsage organizations) {
        JsonNode month = summaryByPeriod.get(Periods.THIS_MONTH);
        if (month == null) {
            throw new IllegalArgumentException("this month's summary is required");
        }
        Map<String, Long> active = new LinkedHashMap<>();
        active.put("1d", required(month, "dau"));
        active.put("7d", required(month, "wau"));
        active.put(Periods.THIRTY_DAYS, required(month, "mau"));
        Map<String, PeriodCounts> periods = new LinkedHashMap<>();
        summaryByPeriod.forEach((period, s) -> {
            Map<String, Long> byName = new TreeMap<>();
            Iterator<Map.Entry<String, JsonNode>> it = s.path("actionsByType").fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                byName.put(e.getKey(), e.getValue().asLong());
            }
            periods.put(period, new PeriodCounts(required(s, "newUsers"), required(s, "logins"),
                    required(s, "failedLogins"), byName));
        });
        Map<String, List<Leader>> leaders = new LinkedHashMap<>();
        leaderboardByPeriod.forEach((period, board) -> {
            List<Leader> entries = new ArrayList<>();
            for (JsonNode e : board.path("entries")) {
                entries.add(new Leader(e.path("rank").asInt(), e.path("username").asText(), e.path("score").asLong()));
            }
            leaders.put(period, List.copyOf(entries));
        });
        return new RealmUsage(realm, required(month, "totalUsers"), required(month, "enabledUsers"), active, periods, leaders,
                organizations);
    }

    private static long required(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || !v.isNumber()) {
            throw new IllegalArgumentException("summary field " + field + " missing or not a number");
        }
        return v.asLong();
    }
}
