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
     * {@code cutoffMillis} covers ({@link AnalyticsTable#deleteBefore}); reports how many this call deleted,
     * so that nodes sweeping at the same time never report a row twice.
     */
    public Batch deleteOlderThan(AnalyticsTable table, long cutoffMillis, int batchSize) throws SQLException {
        long before = table.deleteBefore(cutoffMillis);
        List<Object[]> keys = new ArrayList<>();
        // setMaxRows rather than LIMIT/FETCH FIRST: the one row cap every JDBC driver understands.
        try (PreparedStatement ps = connection.prepareStatement("SELECT " + String.join(", ", table.primaryKey()) + " FROM "
                + table.tableName() + " WHERE " + table.timeColumn() + " < ?")) {
            ps.setMaxRows(batchSize);
            ps.setLong(1, before);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Object[] key = new Object[table.primaryKey().size()];
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
        String where = String.join(" AND ", table.primaryKey().stream().map(c -> c + " = ?").toList());
        try (PreparedStatement ps = connection.prepareStatement("DELETE FROM " + table.tableName() + " WHERE " + where)) {
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
