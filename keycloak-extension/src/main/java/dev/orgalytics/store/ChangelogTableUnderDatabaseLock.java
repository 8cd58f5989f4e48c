package dev.orgalytics.store;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashSet;
import java.util.Set;

import org.jboss.logging.Logger;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.connections.jpa.JpaConnectionProviderFactory;
import org.keycloak.connections.jpa.updater.JpaUpdaterProvider;
import org.keycloak.connections.jpa.util.JpaUtils;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.dblock.DBLockManager;
import org.keycloak.models.dblock.DBLockProvider;

/**
 * Makes sure Liquibase's changelog table for this extension is created by one node at a time.
 *
 * <p>Why: on an installation whose Keycloak schema is current, Keycloak validates every custom
 * changelog <em>before</em> it takes its database lock, and Liquibase's validation creates the
 * missing {@code DATABASECHANGELOG_ORG_ANALYT} table. Two nodes that start together with the jar
 * for the first time both try to create it, and the loser fails to start ("relation ... already
 * exists"). Keycloak asks each {@code JpaEntityProvider} for its changelog right there, so this runs
 * first: if the table is missing it takes Keycloak's own database lock and lets Keycloak's validation
 * create the table under it. The other node waits for the lock, then finds the table.
 */
final class ChangelogTableUnderDatabaseLock {

    private static final Logger LOG = Logger.getLogger(ChangelogTableUnderDatabaseLock.class);

    /** Once per JVM: afterwards the table exists (or Keycloak's own path reports why not). */
    private static volatile boolean settled;
    /** Set while our nested validation runs, which asks this provider for its changelog again. */
    private static final ThreadLocal<Boolean> NESTED = ThreadLocal.withInitial(() -> false);

    private ChangelogTableUnderDatabaseLock() {
    }

    static void ensure(KeycloakSession session, String factoryId) {
        if (settled || session == null || NESTED.get()) {
            return;
        }
        synchronized (ChangelogTableUnderDatabaseLock.class) {
            if (settled) {
                return;
            }
            try {
                createUnderLock(session, factoryId);
            } catch (RuntimeException | SQLException e) {
                // Never block startup on this: Keycloak's own (unlocked) path still runs next.
                LOG.warnf("org-analytics: could not prepare the changelog table under the database lock (%s); "
                        + "Keycloak creates it itself", e.toString());
            }
            settled = true;
        }
    }

    private static void createUnderLock(KeycloakSession session, String factoryId) throws SQLException {
        var factory = session.getKeycloakSessionFactory().getProviderFactory(JpaConnectionProvider.class);
        if (!(factory instanceof JpaConnectionProviderFactory jpa)) {
            return;
        }
        String table = JpaUtils.getCustomChangelogTableName(factoryId);
        String schema = jpa.getSchema();
        try (Connection connection = jpa.getConnection()) {
            if (tableExists(connection, schema, table)) {
                return;
            }
            DBLockProvider lock = new DBLockManager(session).getDBLock();
            if (lock.getCurrentLock() != null) {
                // Keycloak's own update (a new or outdated schema) asks for the providers while it holds
                // the lock: it creates the table itself, and the lock is not ours to release.
                return;
            }
            lock.waitForLock(DBLockProvider.Namespace.DATABASE);
            NESTED.set(true);
            try {
                if (tableExists(connection, schema, table)) {
                    LOG.debugf("org-analytics: %s was created by another node", table);
                    return;
                }
                session.getProvider(JpaUpdaterProvider.class).validate(connection, schema);
                LOG.infof("org-analytics: created %s while holding the database lock", table);
            } finally {
                NESTED.set(false);
                lock.releaseLock();
            }
        }
    }

    /** Looks the table up in the case each database stores unquoted names in. */
    static boolean tableExists(Connection connection, String schema, String table) throws SQLException {
        DatabaseMetaData meta = connection.getMetaData();
        String inSchema = schema != null ? schema : connection.getSchema();
        Set<String> names = new LinkedHashSet<>();
        names.add(table);
        names.add(table.toLowerCase());
        names.add(table.toUpperCase());
        for (String name : names) {
            try (ResultSet rs = meta.getTables(connection.getCatalog(), inSchema, name, null)) {
                if (rs.next()) {
                    return true;
                }
            }
        }
        return false;
    }
}
