package dev.orgalytics.store;

import java.util.List;

import org.jboss.logging.Logger;
import org.keycloak.Config;
import org.keycloak.connections.jpa.entityprovider.JpaEntityProvider;
import org.keycloak.connections.jpa.entityprovider.JpaEntityProviderFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.models.utils.PostMigrationEvent;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;
import org.keycloak.services.scheduled.ClusterAwareScheduledTaskRunner;
import org.keycloak.timer.TimerProvider;

import dev.orgalytics.OrgAnalytics;

/**
 * Has Keycloak apply the analytics tables' Liquibase changelog (tracked in
 * {@code DATABASECHANGELOG_ORG_ANALYT}), deletes analytics rows together with their user or realm,
 * and schedules the retention job.
 *
 * <p>Options ({@code --spi-jpa-entity-provider-org-analytics-<name>}): {@value #RAW_RETENTION_DAYS}
 * (default {@value #DEFAULT_RAW_RETENTION_DAYS}), {@value #ROLLUP_RETENTION_DAYS} (default 0 = forever),
 * {@value #RETENTION_INTERVAL_SECONDS} (default {@value #DEFAULT_RETENTION_INTERVAL_SECONDS}),
 * {@value #RETENTION_BATCH_SIZE} (default {@value #DEFAULT_RETENTION_BATCH_SIZE}).
 */
public class OrgAnalyticsStoreFactory implements JpaEntityProviderFactory, JpaEntityProvider {

    private static final Logger LOG = Logger.getLogger(OrgAnalyticsStoreFactory.class);

    private static final String RAW_RETENTION_DAYS = "raw-retention-days";
    private static final int DEFAULT_RAW_RETENTION_DAYS = 90;
    private static final String ROLLUP_RETENTION_DAYS = "rollup-retention-days";
    private static final String RETENTION_INTERVAL_SECONDS = "retention-interval-seconds";
    private static final int DEFAULT_RETENTION_INTERVAL_SECONDS = 3600;
    private static final String RETENTION_BATCH_SIZE = "retention-batch-size";
    private static final int DEFAULT_RETENTION_BATCH_SIZE = 5000;

    private int rawRetentionDays;
    private int rollupRetentionDays;
    private long retentionIntervalMillis;
    private int retentionBatchSize;

    @Override
    public JpaEntityProvider create(KeycloakSession session) {
        // Keycloak asks for the providers (then their changelogs) before it takes its database lock.
        ChangelogTableUnderDatabaseLock.ensure(session, getFactoryId());
        return this;
    }

    @Override
    public void init(Config.Scope config) {
        rawRetentionDays = positive(config, RAW_RETENTION_DAYS, DEFAULT_RAW_RETENTION_DAYS);
        rollupRetentionDays = config.getInt(ROLLUP_RETENTION_DAYS, 0);
        retentionIntervalMillis = positive(config, RETENTION_INTERVAL_SECONDS, DEFAULT_RETENTION_INTERVAL_SECONDS) * 1000L;
        retentionBatchSize = positive(config, RETENTION_BATCH_SIZE, DEFAULT_RETENTION_BATCH_SIZE);
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        factory.register(event -> {
            if (event instanceof UserModel.UserRemovedEvent e) {
                AnalyticsStore.deleteUser(e.getKeycloakSession(), e.getRealm().getId(), e.getUser().getId());
            } else if (event instanceof RealmModel.RealmRemovedEvent e) {
                AnalyticsStore.deleteRealm(e.getKeycloakSession(), e.getRealm().getId());
            } else if (event instanceof OrganizationModel.OrganizationMembershipEvent e) {
                recordMembership(e);
            } else if (event instanceof PostMigrationEvent) {
                scheduleRetention(factory);
            }
        });
    }

    /**
     * A join or leave of an organization, fired by Keycloak in the transaction that changes the
     * membership (admin API, invitation, registration or identity-provider login). The organization
     * is of the session's realm; without one in context the time is not recorded (the member is then
     * never counted as new), rather than guessed.
     */
    private static void recordMembership(OrganizationModel.OrganizationMembershipEvent e) {
        RealmModel realm = e.getSession().getContext().getRealm();
        if (realm == null) {
            LOG.debugf("Org Analytics: organization membership change without a realm in context, not recorded");
            return;
        }
        AnalyticsStore.organizationMembership(e.getSession(), realm.getId(), e.getOrganization().getId(), e.getUser().getId(),
                e instanceof OrganizationModel.OrganizationMemberJoinEvent);
    }

    private void scheduleRetention(KeycloakSessionFactory factory) {
        RetentionTask task = new RetentionTask(rawRetentionDays, rollupRetentionDays, retentionBatchSize);
        KeycloakModelUtils.runJobInTransaction(factory, session -> session.getProvider(TimerProvider.class).schedule(
                new ClusterAwareScheduledTaskRunner(factory, task, retentionIntervalMillis),
                retentionIntervalMillis, task.getTaskName()));
        LOG.debugf("Org Analytics retention: raw %s days, roll-ups %s, every %s s", (Object) rawRetentionDays,
                rollupRetentionDays > 0 ? rollupRetentionDays + " days" : "forever", retentionIntervalMillis / 1000);
    }

    /**
     * No entities: every table is read and written over JDBC (see {@link AnalyticsTable}). Keycloak
     * still runs the changelog of a provider without entities; on Quarkus it finds entities by
     * scanning for {@code @Entity} at build time and reads this list only on its legacy path.
     */
    @Override
    public List<Class<?>> getEntities() {
        return List.of();
    }

    @Override
    public String getChangelogLocation() {
        return "META-INF/org-analytics-changelog.xml";
    }

    @Override
    public String getFactoryId() {
        return getId();
    }

    @Override
    public String getId() {
        return OrgAnalytics.PROVIDER_ID;
    }

    @Override
    public List<ProviderConfigProperty> getConfigMetadata() {
        return ProviderConfigurationBuilder.create()
                .property().name(RAW_RETENTION_DAYS).type("int").defaultValue(DEFAULT_RAW_RETENTION_DAYS)
                .helpText("Days raw login and action rows are kept.").add()
                .property().name(ROLLUP_RETENTION_DAYS).type("int").defaultValue(0)
                .helpText("Days roll-up buckets (per user and per realm) are kept; 0 keeps them forever.").add()
                .property().name(RETENTION_INTERVAL_SECONDS).type("int").defaultValue(DEFAULT_RETENTION_INTERVAL_SECONDS)
                .helpText("How often the retention job runs.").add()
                .property().name(RETENTION_BATCH_SIZE).type("int").defaultValue(DEFAULT_RETENTION_BATCH_SIZE)
                .helpText("Rows deleted per retention transaction.").add()
                .build();
    }

    @Override
    public void close() {
    }

    private static int positive(Config.Scope config, String name, int dflt) {
        int value = config.getInt(name, dflt);
        if (value <= 0) {
            throw new IllegalArgumentException("org-analytics: " + name + " must be positive, was " + value);
        }
        return value;
    }
}
