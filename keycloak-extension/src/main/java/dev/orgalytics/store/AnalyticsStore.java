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

    /** Every analytics entity; all of them carry REALM_ID and USER_ID. */
    private static final List<String> ENTITIES =
            List.of("OaLoginEvent", "OaAction", "OaUserActivity", "OaUserActionCount", "OaUserTotals");

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
     * Deletes every analytics row of a user, in the transaction that deletes the user, and raises
     * the realm's {@link ReportGeneration} in it: reports cached on any node are then stale.
     */
    public static void deleteUser(KeycloakSession session, String realmId, String userId) {
        write(session, writer -> {
            writer.subtractUserFromRealm(realmId, userId);
            writer.deleteRollupsWithoutEntities(realmId, userId);
            return null;
        });
        onConnection(session, c -> ReportGeneration.raise(c, realmId));
        EntityManager em = entityManager(session);
        for (String entity : ENTITIES) {
            em.createQuery("DELETE FROM " + entity + " e WHERE e.realmId = :realmId AND e.userId = :userId")
                    .setParameter("realmId", realmId).setParameter("userId", userId).executeUpdate();
        }
    }

    /** Deletes every analytics row of a realm, in the transaction that deletes the realm. */
    public static void deleteRealm(KeycloakSession session, String realmId) {
        write(session, writer -> {
            writer.deleteRollupsWithoutEntities(realmId, null);
            return null;
        });
        catalog(session, c -> {
            c.deleteRealm(realmId);
            return null;
        });
        onConnection(session, c -> ReportGeneration.delete(c, realmId));
        EntityManager em = entityManager(session);
        for (String entity : ENTITIES) {
            em.createQuery("DELETE FROM " + entity + " e WHERE e.realmId = :realmId")
                    .setParameter("realmId", realmId).executeUpdate();
        }
    }
}
