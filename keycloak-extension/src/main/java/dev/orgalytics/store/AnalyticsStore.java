package dev.orgalytics.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

import jakarta.persistence.EntityManager;

import org.hibernate.Session;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;

/** Entry point of the store for Keycloak code: runs the JDBC writers on the session's connection and transaction. */
public final class AnalyticsStore {

    private AnalyticsStore() {
    }

    @FunctionalInterface
    public interface JdbcWork<T> {
        T run(AnalyticsWriter writer) throws SQLException;
    }

    public static EntityManager entityManager(KeycloakSession session) {
        return session.getProvider(JpaConnectionProvider.class).getEntityManager();
    }

    /** Runs {@code work} on the JDBC connection of the session's JTA transaction. */
    public static <T> T write(KeycloakSession session, JdbcWork<T> work) {
        return entityManager(session).unwrap(Session.class)
                .doReturningWork(connection -> work.run(new AnalyticsWriter(connection)));
    }

    /** Runs {@code work} on the JDBC connection of the session's JTA transaction. */
    public static <T> T sweep(KeycloakSession session, RetentionSweeper.Work<T> work) {
        return entityManager(session).unwrap(Session.class)
                .doReturningWork(connection -> work.run(new RetentionSweeper(connection)));
    }

    @FunctionalInterface
    public interface CatalogWork<T> {
        T run(CatalogStore catalog) throws SQLException;
    }

    /** Runs {@code work} on the action catalog's tables, on the JDBC connection of the session's JTA transaction. */
    public static <T> T catalog(KeycloakSession session, CatalogWork<T> work) {
        return entityManager(session).unwrap(Session.class)
                .doReturningWork(connection -> work.run(new CatalogStore(connection)));
    }

    @FunctionalInterface
    public interface ConnectionWork {
        void run(Connection connection) throws SQLException;
    }

    /** Runs {@code work} on the JDBC connection of the session's JTA transaction. */
    public static void onConnection(KeycloakSession session, ConnectionWork work) {
        entityManager(session).unwrap(Session.class).doWork(work::run);
    }

    /**
     * Stores login events read back from Keycloak's event store, each once whatever was stored
     * before (by event id); returns how many were new. In the session's transaction.
     */
    public static int backfillLogins(KeycloakSession session, String realmId, List<LoginRow> rows) {
        return entityManager(session).unwrap(Session.class)
                .doReturningWork(connection -> new BackfilledLogins(connection).store(realmId, rows));
    }

    /** Deletes every analytics row of a user, in the transaction that deletes the user. */
    public static void deleteUser(KeycloakSession session, String realmId, String userId) {
        onConnection(session, c -> new AnalyticsDeletion(c).deleteUser(realmId, userId));
    }

    /** Records that a user joined ({@code joined}) or left an organization, in the transaction that changes the membership. */
    public static void organizationMembership(KeycloakSession session, String realmId, String organizationId, String userId,
                                              boolean joined) {
        onConnection(session, c -> {
            OrganizationMemberships memberships = new OrganizationMemberships(c);
            if (joined) {
                memberships.joined(realmId, organizationId, userId, System.currentTimeMillis());
            } else {
                memberships.left(realmId, organizationId, userId);
            }
        });
    }

    /** Deletes every analytics row of a realm, in the transaction that deletes the realm. */
    public static void deleteRealm(KeycloakSession session, String realmId) {
        onConnection(session, c -> new AnalyticsDeletion(c).deleteRealm(realmId));
    }
}
