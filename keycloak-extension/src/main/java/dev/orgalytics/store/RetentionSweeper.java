package dev.orgalytics.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Deletes rows older than a cut-off in short batches: each call removes at most {@code batchSize}
 * rows of one table, so a caller that commits between calls never holds long locks. Deleting rows
 * that are already gone is a no-op, so every node of a cluster may run it at the same time.
 */
public final class RetentionSweeper {

    @FunctionalInterface
    public interface Work<T> {
        T run(RetentionSweeper sweeper) throws SQLException;
    }

    /** A table, the column its age is read from, and its primary key columns. */
    public enum Table {
        LOGIN_EVENT("OA_LOGIN_EVENT", null, "EVENT_TIME", "ID"),
        ACTION("OA_ACTION", null, "OCCURRED_AT", "ID"),
        USER_ACTIVITY("OA_USER_ACTIVITY", Grain.QUARTER_HOUR, "BUCKET_START", "REALM_ID", "USER_ID", "BUCKET_START"),
        USER_ACTION_COUNT("OA_USER_ACTION_COUNT", Grain.QUARTER_HOUR, "BUCKET_START", "REALM_ID", "USER_ID", "BUCKET_START", "ACTION"),
        USER_ACTIVITY_DAY("OA_USER_ACTIVITY_DAY", Grain.DAY, "BUCKET_START", "REALM_ID", "USER_ID", "BUCKET_START"),
        USER_ACTION_COUNT_DAY("OA_USER_ACTION_COUNT_DAY", Grain.DAY, "BUCKET_START", "REALM_ID", "USER_ID", "BUCKET_START", "ACTION"),
        USER_ACTIVITY_MONTH("OA_USER_ACTIVITY_MONTH", Grain.MONTH, "BUCKET_START", "REALM_ID", "USER_ID", "BUCKET_START"),
        USER_ACTION_COUNT_MONTH("OA_USER_ACTION_COUNT_MONTH", Grain.MONTH, "BUCKET_START", "REALM_ID", "USER_ID", "BUCKET_START", "ACTION"),
        REALM_ACTIVITY("OA_REALM_ACTIVITY", Grain.QUARTER_HOUR, "BUCKET_START", "REALM_ID", "BUCKET_START", "STRIPE"),
        REALM_ACTION_COUNT("OA_REALM_ACTION_COUNT", Grain.QUARTER_HOUR, "BUCKET_START", "REALM_ID", "BUCKET_START", "ACTION", "STRIPE"),
        REALM_ACTIVITY_DAY("OA_REALM_ACTIVITY_DAY", Grain.DAY, "BUCKET_START", "REALM_ID", "BUCKET_START", "STRIPE"),
        REALM_ACTION_COUNT_DAY("OA_REALM_ACTION_COUNT_DAY", Grain.DAY, "BUCKET_START", "REALM_ID", "BUCKET_START", "ACTION", "STRIPE"),
        REALM_ACTIVITY_MONTH("OA_REALM_ACTIVITY_MONTH", Grain.MONTH, "BUCKET_START", "REALM_ID", "BUCKET_START", "STRIPE"),
        REALM_ACTION_COUNT_MONTH("OA_REALM_ACTION_COUNT_MONTH", Grain.MONTH, "BUCKET_START", "REALM_ID", "BUCKET_START", "ACTION", "STRIPE");

        final String name;
        /** The roll-up's bucket size; null for raw rows, which carry their own time. */
        final Grain grain;
        final String timeColumn;
        final List<String> key;

        Table(String name, Grain grain, String timeColumn, String... key) {
            this.name = name;
            this.grain = grain;
            this.timeColumn = timeColumn;
            this.key = List.of(key);
        }

        /**
         * The time before which this table's rows go, for a retention cut-off: a raw row goes once it
         * is older than the cut-off; a roll-up bucket only once its whole period is, so the bucket
         * holding the cut-off (today's day, this month's month) stays and keeps counting the recent
         * part exactly. Buckets starting before the one holding the cut-off ended by its start.
         */
        public long deleteBefore(long cutoffMillis) {
            return grain == null ? cutoffMillis : grain.bucketStart(cutoffMillis);
        }

        public static final List<Table> RAW = List.of(LOGIN_EVENT, ACTION);
        /** Swept by the roll-up retention, each bucket only once its whole period is older than the cut-off. */
        public static final List<Table> ROLLUPS = List.of(USER_ACTIVITY, USER_ACTION_COUNT, USER_ACTIVITY_DAY,
                USER_ACTION_COUNT_DAY, USER_ACTIVITY_MONTH, USER_ACTION_COUNT_MONTH, REALM_ACTIVITY, REALM_ACTION_COUNT,
                REALM_ACTIVITY_DAY, REALM_ACTION_COUNT_DAY, REALM_ACTIVITY_MONTH, REALM_ACTION_COUNT_MONTH);
    }

    private final Connection connection;

    RetentionSweeper(Connection connection) {
        this.connection = connection;
    }

    public static RetentionSweeper on(Connection connection) {
        return new RetentionSweeper(connection);
    }

    /**
     * One batch: {@code selected} rows matched the cut-off (a full batch means more may remain),
     * {@code deleted} of them were deleted by this call (a row another node deleted first counts
     * 0), and {@code exact} is false when the driver did not report some statement's count (see
     * {@link #deletedRows}).
     */
    public record Batch(int selected, int deleted, boolean exact) {
    }

    /**
     * Deletes up to {@code batchSize} rows of {@code table} that the retention cut-off
     * {@code cutoffMillis} covers ({@link Table#deleteBefore}); reports how many this call deleted,
     * so that nodes sweeping at the same time never report a row twice.
     */
    public Batch deleteOlderThan(Table table, long cutoffMillis, int batchSize) throws SQLException {
        long before = table.deleteBefore(cutoffMillis);
        List<Object[]> keys = new ArrayList<>();
        // setMaxRows rather than LIMIT/FETCH FIRST: the one row cap every JDBC driver understands.
        try (PreparedStatement ps = connection.prepareStatement("SELECT " + String.join(", ", table.key) + " FROM "
                + table.name + " WHERE " + table.timeColumn + " < ?")) {
            ps.setMaxRows(batchSize);
            ps.setLong(1, before);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Object[] key = new Object[table.key.size()];
                    for (int i = 0; i < key.length; i++) {
                        key[i] = rs.getObject(i + 1);
                    }
                    keys.add(key);
                }
            }
        }
        if (keys.isEmpty()) {
            return new Batch(0, 0, true);
        }
        String where = String.join(" AND ", table.key.stream().map(c -> c + " = ?").toList());
        try (PreparedStatement ps = connection.prepareStatement("DELETE FROM " + table.name + " WHERE " + where)) {
            for (Object[] key : keys) {
                for (int i = 0; i < key.length; i++) {
                    ps.setObject(i + 1, key[i]);
                }
                ps.addBatch();
            }
            int[] counts = ps.executeBatch();
            return new Batch(keys.size(), deletedRows(counts), Arrays.stream(counts).noneMatch(c -> c == Statement.SUCCESS_NO_INFO));
        }
    }

    /**
     * Sums a batch's update counts. A driver may answer {@link Statement#SUCCESS_NO_INFO} for a
     * statement that ran without saying how many rows it touched; each statement deletes at most
     * its one key, so such a statement counts 1 and the sum is an upper bound (the batch is then
     * marked inexact, and the log says "at most").
     */
    static int deletedRows(int[] updateCounts) {
        int deleted = 0;
        for (int count : updateCounts) {
            if (count > 0) {
                deleted += count;
            } else if (count == Statement.SUCCESS_NO_INFO) {
                deleted++;
            }
        }
        return deleted;
    }
}
