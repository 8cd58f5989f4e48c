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
    private static final long DAY_MILLIS = 24L * 60 * 60 * 1000;

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
        long deleted = 0;
        for (RetentionSweeper.Table table : RetentionSweeper.Table.RAW) {
            deleted += sweep(factory, table, now - rawRetentionDays * DAY_MILLIS);
        }
        if (rollupRetentionDays > 0) {
            for (RetentionSweeper.Table table : RetentionSweeper.Table.ROLLUPS) {
                deleted += sweep(factory, table, now - rollupRetentionDays * DAY_MILLIS);
            }
        }
        if (deleted > 0) {
            LOG.infof("Org Analytics retention removed %d rows", deleted);
        }
    }

    private long sweep(KeycloakSessionFactory factory, RetentionSweeper.Table table, long cutoff) {
        long total = 0;
        int n;
        do {
            n = KeycloakModelUtils.runJobInTransactionWithResult(factory,
                    s -> AnalyticsStore.sweep(s, sweeper -> sweeper.deleteOlderThan(table, cutoff, batchSize)));
            total += n;
        } while (n == batchSize);
        return total;
    }
}
