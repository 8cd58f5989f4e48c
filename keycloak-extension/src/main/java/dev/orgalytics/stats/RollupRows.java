package dev.orgalytics.stats;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import dev.orgalytics.store.Grain;

/**
 * The roll-up rows of a {@link RollupPlan}: one SELECT per piece, each from the table of the
 * piece's grain, joined with UNION ALL; a subtracted piece answers its counts negated, so summing
 * the rows gives the range's totals. Reports wrap these in their own SELECT (sums, distinct users,
 * grouping by period).
 */
final class RollupRows {

    private static final List<String> ACTIVITY_COUNTS = List.of("LOGINS", "FAILED_LOGINS", "ACTIONS", "SESSION_ACTIVITY");
    private static final List<String> ACTION_COUNT = List.of("ACTION_COUNT");

    private RollupRows() {
    }

    /**
     * Whether the activity row (or per-user sums of rows) {@code alias} shows its user active: a
     * successful login, an action, or the use of their session (a token refresh or code exchange).
     * The one definition of "active" every report counts with; the latest-activity times and
     * {@code OA_USER_LAST_ACTIVE} move on the same three things ({@code store.Rollup}).
     */
    static String active(String alias) {
        return "(" + alias + ".LOGINS > 0 OR " + alias + ".ACTIONS > 0 OR " + alias + ".SESSION_ACTIVITY > 0)";
    }

    /** Users' rows {@code USER_ID, BUCKET_START, LOGINS, FAILED_LOGINS, ACTIONS, SESSION_ACTIVITY} that meet {@code condition} (" AND ..." on {@code USER_ID}). */
    static Sql userActivity(List<RollupPlan.Piece> plan, String realmId, Sql condition) {
        return rows(plan, Grain::activityTable, "USER_ID, BUCKET_START", ACTIVITY_COUNTS, List.of(), realmId, condition);
    }

    /**
     * The activity rows {@code USER_ID, BUCKET_START, LOGINS, FAILED_LOGINS, ACTIONS, SESSION_ACTIVITY} a report of
     * {@code users} counts: with an organization, what was attributed to it when it happened (its
     * roll-ups, by the users of the filter's groups); else the filtered users' own.
     */
    static Sql activityOf(List<RollupPlan.Piece> plan, UserFilter users) {
        return users.organizationId() != null
                ? rows(plan, Grain::orgActivityTable, "USER_ID, BUCKET_START", ACTIVITY_COUNTS, List.of(), users.realmId(),
                        organization(users))
                : userActivity(plan, users.realmId(), users.memberCondition("USER_ID"));
    }

    /**
     * Organizations' rows {@code ORG_ID, USER_ID, BUCKET_START, LOGINS, FAILED_LOGINS, ACTIONS,
     * SESSION_ACTIVITY, LAST_ACTIVE_AT} of the realm that meet {@code condition}; a subtracted piece's
     * {@code LAST_ACTIVE_AT} is null (a latest time cannot be taken away: read it over exact plans).
     */
    static Sql organizationActivity(List<RollupPlan.Piece> plan, String realmId, Sql condition) {
        return rows(plan, Grain::orgActivityTable, "ORG_ID, USER_ID, BUCKET_START", ACTIVITY_COUNTS, List.of("LAST_ACTIVE_AT"),
                realmId, condition);
    }

    /** The realm's rows {@code BUCKET_START, LOGINS, FAILED_LOGINS, ACTIONS, SESSION_ACTIVITY}, already summed over its users. */
    static Sql realmActivity(List<RollupPlan.Piece> plan, String realmId) {
        return rows(plan, Grain::realmActivityTable, "BUCKET_START", ACTIVITY_COUNTS, List.of(), realmId, Sql.EMPTY);
    }

    /** Users' counts of one action: {@code USER_ID, BUCKET_START, ACTION_COUNT}. */
    static Sql userActionCount(List<RollupPlan.Piece> plan, String realmId, String action) {
        return rows(plan, Grain::actionCountTable, "USER_ID, BUCKET_START", ACTION_COUNT, List.of(), realmId,
                Sql.of(" AND ACTION = ?", action));
    }

    /** Organizations' counts of one action: {@code ORG_ID, BUCKET_START, ACTION_COUNT}. */
    static Sql organizationActionCount(List<RollupPlan.Piece> plan, String realmId, String action) {
        return rows(plan, Grain::orgActionCountTable, "ORG_ID, BUCKET_START", ACTION_COUNT, List.of(), realmId,
                Sql.of(" AND ACTION = ?", action));
    }

    /**
     * Counts per action name, {@code BUCKET_START, ACTION, ACTION_COUNT}: from the realm roll-ups
     * when {@code users} is the whole realm (a few thousand rows a month), from the organization's
     * when it names one, else from its groups' users' roll-ups.
     */
    static Sql actionCounts(List<RollupPlan.Piece> plan, UserFilter users) {
        if (users.wholeRealm()) {
            return rows(plan, Grain::realmActionCountTable, "BUCKET_START, ACTION", ACTION_COUNT, List.of(), users.realmId(), Sql.EMPTY);
        }
        return users.organizationId() != null
                ? rows(plan, Grain::orgActionCountTable, "BUCKET_START, ACTION", ACTION_COUNT, List.of(), users.realmId(),
                        organization(users))
                : rows(plan, Grain::actionCountTable, "BUCKET_START, ACTION", ACTION_COUNT, List.of(), users.realmId(),
                        users.memberCondition("USER_ID"));
    }

    /**
     * {@code " AND NOT EXISTS (...)"} per piece of {@code plan}: the user in {@code userColumn} had no
     * activity ({@link #active}) in it, in the activity rows {@link #activityOf} reads for
     * {@code users} (their own, or what was attributed to the filter's organization). Correlated by
     * user, so each is a look-up by the roll-up's key rather than a read of the realm's history.
     */
    static Sql noActivityIn(List<RollupPlan.Piece> plan, UserFilter users, String userColumn) {
        Sql out = Sql.EMPTY;
        for (RollupPlan.Piece piece : plan) {
            boolean organization = users.organizationId() != null;
            String table = organization ? piece.grain().orgActivityTable() : piece.grain().activityTable();
            out = out.plus(Sql.of(" AND NOT EXISTS (SELECT 1 FROM " + table + " b WHERE b.REALM_ID = ? AND b.USER_ID = " + userColumn
                            + " AND b.BUCKET_START >= ? AND b.BUCKET_START < ? AND " + active("b"),
                            users.realmId(), piece.from(), piece.to()))
                    .plus(organization ? Sql.of(" AND b.ORG_ID = ?", users.organizationId()) : Sql.EMPTY).plus(")");
        }
        return out;
    }

    /** The organization's rows, of one user when the filter names one, by the users of its groups. */
    private static Sql organization(UserFilter users) {
        return Sql.of(" AND ORG_ID = ?", users.organizationId()).plus(Sql.andEqual("USER_ID", users.userId()))
                .plus(users.groupCondition("USER_ID"));
    }

    /**
     * {@code keys}, then {@code counts} (negated in subtracted pieces) and {@code latest} (null in
     * subtracted pieces), of the realm's rows of each piece that also meet {@code condition}
     * (" AND ..." or empty).
     */
    private static Sql rows(List<RollupPlan.Piece> plan, Function<Grain, String> table, String keys,
                            List<String> counts, List<String> latest, String realmId, Sql condition) {
        List<Sql> parts = new ArrayList<>();
        for (RollupPlan.Piece piece : nonEmpty(plan)) {
            StringBuilder select = new StringBuilder("SELECT ").append(keys);
            for (String count : counts) {
                select.append(", ").append(piece.sign() < 0 ? "-" : "").append(count).append(" AS ").append(count);
            }
            for (String column : latest) {
                select.append(", ").append(piece.sign() < 0 ? "NULL" : column).append(" AS ").append(column);
            }
            select.append(" FROM ").append(table.apply(piece.grain()))
                    .append(" WHERE REALM_ID = ? AND BUCKET_START >= ? AND BUCKET_START < ?");
            parts.add(Sql.of(select.toString(), realmId, piece.from(), piece.to()).plus(condition));
        }
        return Sql.join(" UNION ALL ", parts);
    }

    /** An empty range still needs one (empty) SELECT to be valid SQL. */
    private static List<RollupPlan.Piece> nonEmpty(List<RollupPlan.Piece> plan) {
        return plan.isEmpty() ? List.of(new RollupPlan.Piece(Grain.QUARTER_HOUR, 0, 0, 1)) : plan;
    }
}
