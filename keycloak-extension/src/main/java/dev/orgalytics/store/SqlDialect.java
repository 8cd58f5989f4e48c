package dev.orgalytics.store;

import java.util.Arrays;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The statements that no portable SQL expresses: "add to the counters of this row, creating it if
 * absent" and "insert unless this idempotency key exists". Each database spells them differently.
 */
enum SqlDialect {
    POSTGRES, MYSQL, MERGE;

    static SqlDialect of(String databaseProductName) {
        String name = databaseProductName.toLowerCase(Locale.ROOT);
        if (name.contains("postgres")) return POSTGRES;
        if (name.contains("mysql") || name.contains("mariadb")) return MYSQL;
        // H2, Oracle, SQL Server and DB2 all speak standard MERGE.
        return MERGE;
    }

    /**
     * What follows an action INSERT so that a row whose idempotency key exists is skipped, not an
     * error. MySQL's update of the id to itself is a no-op; unlike INSERT IGNORE it still fails on
     * anything else (a value too long, a NULL), which validation rules out but must never be hidden.
     */
    String skipDuplicateKeys() {
        return switch (this) {
            case POSTGRES -> " ON CONFLICT (REALM_ID, CLIENT_KEY) DO NOTHING";
            case MYSQL -> " ON DUPLICATE KEY UPDATE ID = ID";
            case MERGE -> throw new UnsupportedOperationException("MERGE dialects look keys up before inserting");
        };
    }

    /**
     * Whether the update count of an INSERT with {@link #skipDuplicateKeys} leaves out the skipped
     * rows. MariaDB's driver reports rows found, not changed, so a skipped duplicate counts as one.
     */
    boolean updateCountExcludesSkipped() {
        return this == POSTGRES;
    }

    /** Whether an upsert takes several rows in one VALUES list (MERGE ... USING (SELECT ...) takes one). */
    boolean upsertsManyRows() {
        return this != MERGE;
    }

    /**
     * A one-row INSERT upsert built here ({@code INSERT INTO t (...) VALUES (?, ...) ON ...}) with its
     * VALUES tuple repeated for {@code rows} rows; the ON CONFLICT / ON DUPLICATE KEY part applies to each.
     */
    static String forRows(String singleRow, int rows) {
        int open = singleRow.indexOf(" VALUES (");
        int close = singleRow.indexOf(')', open);
        if (!singleRow.startsWith("INSERT INTO ") || open < 0 || close < 0) {
            throw new IllegalArgumentException("not a one-row INSERT: " + singleRow);
        }
        String tuple = singleRow.substring(open + " VALUES ".length(), close + 1);
        return singleRow.substring(0, open) + " VALUES " + String.join(", ", Collections.nCopies(rows, tuple))
                + singleRow.substring(close + 1);
    }

    /** The counters of every activity roll-up row (users', organizations', realm's), in binding order. */
    private static final String[] ACTIVITY_COUNTS = {"LOGINS", "FAILED_LOGINS", "ACTIONS", "SESSION_ACTIVITY"};

    // Built once per dialect and table: these run on every ingestion request.
    private final Map<String, String> upserts = new ConcurrentHashMap<>();
    private String upsertTotals;

    /** Upsert that adds the activity counts of one user bucket of {@code grain}. */
    String upsertActivity(Grain grain) {
        return upserts.computeIfAbsent(grain.activityTable(), table -> upsert(table,
                new String[] {"REALM_ID", "USER_ID", "BUCKET_START"}, ACTIVITY_COUNTS,
                new String[0]));
    }

    /** Upsert that adds ACTION_COUNT of one user bucket of {@code grain} and action name. */
    String upsertActionCount(Grain grain) {
        return upserts.computeIfAbsent(grain.actionCountTable(), table -> upsert(table,
                new String[] {"REALM_ID", "USER_ID", "BUCKET_START", "ACTION"}, new String[] {"ACTION_COUNT"},
                new String[0]));
    }

    /** Upsert that adds the counts of one organization's user bucket of {@code grain} and keeps its latest activity. */
    String upsertOrgActivity(Grain grain) {
        return upserts.computeIfAbsent(grain.orgActivityTable(), table -> upsert(table,
                new String[] {"REALM_ID", "ORG_ID", "USER_ID", "BUCKET_START"}, ACTIVITY_COUNTS,
                new String[] {"LAST_ACTIVE_AT"}));
    }

    /** Upsert that adds ACTION_COUNT of one organization's user bucket of {@code grain} and action name. */
    String upsertOrgActionCount(Grain grain) {
        return upserts.computeIfAbsent(grain.orgActionCountTable(), table -> upsert(table,
                new String[] {"REALM_ID", "ORG_ID", "USER_ID", "BUCKET_START", "ACTION"}, new String[] {"ACTION_COUNT"},
                new String[0]));
    }

    String upsertTotals() {
        if (upsertTotals == null) upsertTotals = buildUpsertTotals();
        return upsertTotals;
    }

    /**
     * Upsert that moves a user's latest active bucket forward, and writes nothing when it is not
     * later: the row changes at most once per quarter hour of activity.
     */
    String upsertLastActive() {
        return upserts.computeIfAbsent("OA_USER_LAST_ACTIVE", table -> switch (this) {
            case POSTGRES -> "INSERT INTO OA_USER_LAST_ACTIVE (REALM_ID, USER_ID, BUCKET_START) VALUES (?, ?, ?)"
                    + " ON CONFLICT (REALM_ID, USER_ID) DO UPDATE SET BUCKET_START = EXCLUDED.BUCKET_START"
                    + " WHERE OA_USER_LAST_ACTIVE.BUCKET_START < EXCLUDED.BUCKET_START";
            // MySQL leaves a row whose values do not change unwritten.
            case MYSQL -> "INSERT INTO OA_USER_LAST_ACTIVE (REALM_ID, USER_ID, BUCKET_START) VALUES (?, ?, ?)"
                    + " ON DUPLICATE KEY UPDATE BUCKET_START = GREATEST(BUCKET_START, VALUES(BUCKET_START))";
            case MERGE -> "MERGE INTO OA_USER_LAST_ACTIVE T USING (SELECT CAST(? AS VARCHAR(36)) AS REALM_ID,"
                    + " CAST(? AS VARCHAR(36)) AS USER_ID, CAST(? AS BIGINT) AS BUCKET_START) S"
                    + " ON (T.REALM_ID = S.REALM_ID AND T.USER_ID = S.USER_ID)"
                    + " WHEN MATCHED AND T.BUCKET_START < S.BUCKET_START THEN UPDATE SET BUCKET_START = S.BUCKET_START"
                    + " WHEN NOT MATCHED THEN INSERT (REALM_ID, USER_ID, BUCKET_START) VALUES (S.REALM_ID, S.USER_ID, S.BUCKET_START)";
        });
    }

    /**
     * Upsert that adds to one stripe of a realm day's count of users in {@code table}: the users
     * whose latest activity is that day ({@link LatestActiveDays#TABLE}), or whose earlier of
     * creation and latest activity is ({@link LatestActiveDays#NEW_TABLE}).
     */
    String upsertDayCount(String table) {
        return upserts.computeIfAbsent(table, t -> upsert(t,
                new String[] {"REALM_ID", "DAY_START", "STRIPE"}, new String[] {"USERS"}, new String[0]));
    }

    /** Upsert that adds the activity counts of one realm bucket stripe of {@code grain}. */
    String upsertRealmActivity(Grain grain) {
        return upserts.computeIfAbsent(grain.realmActivityTable(), table -> upsert(table,
                new String[] {"REALM_ID", "BUCKET_START", "STRIPE"}, ACTIVITY_COUNTS,
                new String[0]));
    }

    /** Upsert that adds ACTION_COUNT of one realm bucket stripe of {@code grain} and action name. */
    String upsertRealmActionCount(Grain grain) {
        return upserts.computeIfAbsent(grain.realmActionCountTable(), table -> upsert(table,
                new String[] {"REALM_ID", "BUCKET_START", "ACTION", "STRIPE"}, new String[] {"ACTION_COUNT"},
                new String[0]));
    }

    /** Upsert that counts refusals of an action name and keeps the latest time it was refused. */
    String upsertRefusedAction() {
        return upsert("OA_REFUSED_ACTION", new String[] {"REALM_ID", "ACTION"}, new String[] {"REFUSED_COUNT"},
                new String[] {"LAST_SEEN"});
    }

    /** Upsert that adds the all-time counters of a user and keeps the latest of each time. */
    private String buildUpsertTotals() {
        return upsert("OA_USER_TOTALS", new String[] {"REALM_ID", "USER_ID"},
                new String[] {"LOGINS", "FAILED_LOGINS", "ACTIONS"},
                new String[] {"LAST_LOGIN_AT", "LAST_FAILED_LOGIN_AT", "LAST_ACTION_AT", "LAST_ACTIVE_AT"});
    }

    private String upsert(String table, String[] keys, String[] sums, String[] latest) {
        String[] all = concat(keys, sums, latest);
        String columns = String.join(", ", all);
        String params = String.join(", ", Collections.nCopies(all.length, "?"));
        StringBuilder set = new StringBuilder();
        for (String c : sums) {
            append(set, c + " = " + current(table, c) + " + " + incoming(c));
        }
        for (String c : latest) {
            // GREATEST of MySQL returns NULL when one side is NULL, so coalesce both ways first.
            append(set, c + " = GREATEST(COALESCE(" + current(table, c) + ", " + incoming(c) + "), COALESCE("
                    + incoming(c) + ", " + current(table, c) + "))");
        }
        return switch (this) {
            case POSTGRES -> "INSERT INTO " + table + " (" + columns + ") VALUES (" + params + ") ON CONFLICT ("
                    + String.join(", ", keys) + ") DO UPDATE SET " + set;
            case MYSQL -> "INSERT INTO " + table + " (" + columns + ") VALUES (" + params + ") ON DUPLICATE KEY UPDATE " + set;
            case MERGE -> {
                StringBuilder using = new StringBuilder();
                for (String c : all) {
                    // H2 cannot infer the type of a bare parameter in a select list.
                    append(using, "CAST(? AS " + columnType(c) + ") AS " + c);
                }
                StringBuilder on = new StringBuilder();
                for (String k : keys) {
                    if (on.length() > 0) on.append(" AND ");
                    on.append("T.").append(k).append(" = S.").append(k);
                }
                yield "MERGE INTO " + table + " T USING (SELECT " + using + ") S ON (" + on + ")"
                        + " WHEN MATCHED THEN UPDATE SET " + set
                        + " WHEN NOT MATCHED THEN INSERT (" + columns + ") VALUES (S." + String.join(", S.", all) + ")";
            }
        };
    }

    private static String columnType(String column) {
        return switch (column) {
            case "REALM_ID", "USER_ID" -> "VARCHAR(36)";
            case "ACTION" -> "VARCHAR(64)";
            case "ORG_ID" -> "VARCHAR(255)";
            case "STRIPE" -> "INT";
            default -> "BIGINT";
        };
    }

    private String current(String table, String column) {
        return switch (this) {
            case POSTGRES -> table + "." + column;
            case MYSQL -> column;
            case MERGE -> "T." + column;
        };
    }

    private String incoming(String column) {
        return switch (this) {
            case POSTGRES -> "EXCLUDED." + column;
            case MYSQL -> "VALUES(" + column + ")";
            case MERGE -> "S." + column;
        };
    }

    private static void append(StringBuilder sb, String part) {
        if (sb.length() > 0) sb.append(", ");
        sb.append(part);
    }

    private static String[] concat(String[]... parts) {
        return Arrays.stream(parts).flatMap(Arrays::stream).toArray(String[]::new);
    }
}
