package dev.orgalytics.store;

import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.timer.ScheduledTask;

/**
 * The periodic retention job: raw rows older than {@code rawRetentionDays} and, when configured,
 * roll-up buckets older than {@code rollupRetentionDays} are deleted, one short transaction per
 * batch. All-time totals (last login, last action) are never deleted by age.
 */
final class RetentionTask implements ScheduledTask {

    private static final Logger LOG = Logger.getLogger(RetentionTask.class);

    private final int rawRetentionDays;
    private final int rollupRetentionDays;
    private final int batchSize;

    RetentionTask(int rawRetentionDays, int rollupRetentionDays, int batchSize) {
        this.rawRetentionDays = rawRetentionDays;
        this.rollupRetentionDays = rollupRetentionDays;
        this.batchSize = batchSize;
    }

    @Override
    public String getTaskName() {
        return "org-analytics-retention";
    }

    @Override
    public void run(KeycloakSession session) {
        long now = System.currentTimeMillis();
        KeycloakSessionFactory factory = session.getKeycloakSessionFactory();
        Deleted deleted = new Deleted();
        for (AnalyticsTable table : AnalyticsTable.agedOutBy(AnalyticsTable.Retention.RAW)) {
            sweep(factory, table, now - rawRetentionDays * TimeBuckets.DAY_MILLIS, deleted);
        }
        if (rollupRetentionDays > 0) {
            for (AnalyticsTable table : AnalyticsTable.agedOutBy(AnalyticsTable.Retention.ROLLUP)) {
                sweep(factory, table, now - rollupRetentionDays * TimeBuckets.DAY_MILLIS, deleted);
            }
        }
        if (deleted.rows > 0) {
            LOG.infof("Org Analytics retention removed %s%d rows", deleted.exact ? "" : "at most ", deleted.rows);
        }
    }

    /** Rows this node deleted (another node sweeping at the same time reports its own). */
    private static final class Deleted {
        long rows;
        boolean exact = true;
    }

    private void sweep(KeycloakSessionFactory factory, AnalyticsTable table, long cutoff, Deleted deleted) {
        RetentionSweeper.Batch batch;
        do {
            batch = KeycloakModelUtils.runJobInTransactionWithResult(factory,
                    s -> AnalyticsStore.sweep(s, sweeper -> sweeper.deleteOlderThan(table, cutoff, batchSize)));
            deleted.rows += batch.deleted();
            deleted.exact &= batch.exact();
        } while (batch.selected() == batchSize);
    }
}
